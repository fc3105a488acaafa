using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SagaHub.EntityFrameworkCore;
using SagaHub.Payments;
using SagaHub.Services.Tests.Infrastructure;

namespace SagaHub.Services.Tests.Payments;

/// <summary>
/// The ledger on its database, without a bus (so without the inbox): once on SQLite (a temp database
/// per test), once on PostgreSQL (one database per class; every test uses orders and keys of its own).
/// </summary>
public abstract class PaymentLedgerContract : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new();
    private readonly Guid _orderId = Guid.NewGuid();
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private StoreHost _host = null!;

    /// <summary>Where the ledger keeps its data; null for the default (SQLite in a temp file).</summary>
    protected virtual ServiceDatabaseOptions? Database => null;

    private PaymentLedger Ledger => _host.Get<PaymentLedger>();

    public Task InitializeAsync()
    {
        _host = StoreHost.Start(bus => bus.AddPaymentsLedger(options => options.Database = Database ?? options.Database), _time);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Charge_SameKeyTwice_AddsOneEntryAndReturnsTheFirst()
    {
        var first = await Ledger.ChargeAsync(_orderId, 10m, Key("k1"));
        _time.Advance(TimeSpan.FromMinutes(1));
        var second = await Ledger.ChargeAsync(_orderId, 10m, Key("k1"));

        Assert.True(first.Added);
        Assert.False(second.Added);
        Assert.Equal(first.Entry, second.Entry);
        Assert.Equal(FakeTimeProvider.Start, second.Entry.RecordedAt);
        Assert.Equal(1, await Ledger.CountForAsync(Key("k1")));
    }

    [Fact]
    public async Task Charge_SameKeyManyAtOnce_LeavesOneRow()
    {
        // No inbox here: only the ledger (its order lock and the key's unique index) keeps the key to one row.
        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => Ledger.ChargeAsync(_orderId, 10m, Key("k-race")))));

        Assert.Single(results, r => r.Added);
        Assert.All(results, r => Assert.Equal(10m, r.Entry.Amount));
        Assert.Equal(1, await Ledger.CountForAsync(Key("k-race")));
        Assert.Equal(10m, await Ledger.NetForAsync(_orderId));
    }

    [Fact]
    public async Task SaveChanges_SecondRowWithAUsedKey_ThrowsAUniqueViolation()
    {
        await Ledger.ChargeAsync(_orderId, 10m, Key("k1"));
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDbContext>();
        db.Ledger.Add(new LedgerRow { Kind = LedgerEntryKind.Charge, OrderId = Guid.NewGuid(), Amount = 10m, IdempotencyKey = Key("k1"), RecordedAt = _time.GetUtcNow() });

        var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());

        Assert.True(ServiceDatabaseAccess.IsUniqueViolation(error));
        Assert.Equal(1, await Ledger.CountForAsync(Key("k1")));
    }

    [Fact]
    public async Task Charge_SameKeyOtherAmount_ThrowsLedgerConflict()
    {
        await Ledger.ChargeAsync(_orderId, 10m, Key("k1"));

        var error = await Assert.ThrowsAsync<LedgerConflictException>(() => Ledger.ChargeAsync(_orderId, 11m, Key("k1")));

        Assert.Contains($"'{Key("k1")}'", error.Message, StringComparison.Ordinal);
        Assert.Single(await EntriesAsync());
    }

    [Fact]
    public async Task Refund_KeyOfACharge_ThrowsLedgerConflict()
    {
        await Ledger.ChargeAsync(_orderId, 10m, Key("k1"));

        await Assert.ThrowsAsync<LedgerConflictException>(() => Ledger.RefundAsync(_orderId, null, 10m, Key("k1")));
    }

    [Fact]
    public async Task Refund_OrderNeverCharged_ThrowsLedgerConflict()
    {
        await Assert.ThrowsAsync<LedgerConflictException>(() => Ledger.RefundAsync(_orderId, null, 1m, Key("r1")));
        Assert.Empty(await EntriesAsync());
    }

    [Fact]
    public async Task Refund_PartsUpToTheCharge_NetReachesZero()
    {
        await Ledger.ChargeAsync(_orderId, 10m, Key("k1"));

        await Ledger.RefundAsync(_orderId, Guid.NewGuid(), 4m, Key("r1"));
        await Ledger.RefundAsync(_orderId, Guid.NewGuid(), 6m, Key("r2"));

        Assert.Equal(0m, await Ledger.NetForAsync(_orderId));
        await Assert.ThrowsAsync<LedgerConflictException>(() => Ledger.RefundAsync(_orderId, null, 0.01m, Key("r3")));
    }

    [Fact]
    public async Task Refund_ManyAtOnce_NeverBeyondTheCharge()
    {
        await Ledger.ChargeAsync(_orderId, 10m, Key("k1"));

        var attempts = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            try
            {
                return (await Ledger.RefundAsync(_orderId, Guid.NewGuid(), 4m, Key($"r{i}"))).Added;
            }
            catch (LedgerConflictException)
            {
                return false;
            }
        })));

        Assert.Equal(2, attempts.Count(added => added));
        Assert.Equal(2m, await Ledger.NetForAsync(_orderId));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1.005")]
    public async Task Charge_AmountTheLedgerCannotHold_Throws(string amount) =>
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Ledger.ChargeAsync(_orderId, decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), Key("k1")));

    [Fact]
    public async Task NetFor_OtherOrders_AreNotCounted()
    {
        await Ledger.ChargeAsync(_orderId, 10m, Key("k1"));
        await Ledger.ChargeAsync(Guid.NewGuid(), 99m, Key("k2"));

        Assert.Equal(10m, await Ledger.NetForAsync(_orderId));
    }

    [Fact]
    public async Task CompensateCharge_Twice_RefundsOnceAndVoidsTheOrder()
    {
        await Ledger.ChargeAsync(_orderId, 30m, Key("k1"));

        var first = await Ledger.CompensateChargeAsync(_orderId, 45m, Key("undo"));
        var second = await Ledger.CompensateChargeAsync(_orderId, 45m, Key("undo"));

        Assert.Equal((30m, 30m), (first, second));
        Assert.Equal(0m, await Ledger.NetForAsync(_orderId));
        Assert.True(await Ledger.IsVoidedAsync(_orderId));
        await Assert.ThrowsAsync<LedgerConflictException>(() => Ledger.ChargeAsync(_orderId, 30m, Key("late")));
    }

    [Fact]
    public async Task CompensateCharge_NothingCharged_RefundsZeroEveryTime()
    {
        Assert.Equal(0m, await Ledger.CompensateChargeAsync(_orderId, 80m, Key("undo")));
        Assert.Equal(0m, await Ledger.CompensateChargeAsync(_orderId, 80m, Key("undo")));
        Assert.Empty(await EntriesAsync());
        Assert.True(await Ledger.IsVoidedAsync(_orderId));
    }

    [Fact]
    public async Task Migrate_TwiceAfterTheFirstUse_AppliesNothingAndKeepsTheEntries()
    {
        await Ledger.ChargeAsync(_orderId, 10m, Key("k1"));
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PaymentsDbContext>();

        Assert.Empty(await SchemaMigrator.MigrateAsync(db, db.Tables, PaymentsSchema.Component, PaymentsSchema.Scripts(db.Tables)));
        Assert.Empty(await SchemaMigrator.MigrateAsync(db, db.Tables, PaymentsSchema.Component, PaymentsSchema.Scripts(db.Tables)));
        Assert.Equal(10m, await Ledger.NetForAsync(_orderId));
    }

    /// <summary>A key of this test's own (PostgreSQL tests share one database per class).</summary>
    private string Key(string name) => $"{name}-{_run}";

    /// <summary>This test's entries.</summary>
    private async Task<IReadOnlyList<LedgerEntry>> EntriesAsync() =>
        [.. (await Ledger.EntriesAsync()).Where(e => e.IdempotencyKey.EndsWith(_run, StringComparison.Ordinal))];
}

public sealed class PaymentLedgerTests : PaymentLedgerContract;

[Trait("Category", "Integration")]
public sealed class PaymentLedgerPostgreSqlTests(PostgresDatabase postgres) : PaymentLedgerContract, IClassFixture<PostgresDatabase>
{
    protected override ServiceDatabaseOptions Database => postgres.Options;
}

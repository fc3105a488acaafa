using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using SagaHub.Contracts.Notifications;
using SagaHub.Contracts.Orders;
using SagaHub.EntityFrameworkCore;
using SagaHub.Inventory;
using SagaHub.Notifications;
using SagaHub.Payments;
using SagaHub.Shipping;

namespace SagaHub.Services.Tests.Infrastructure;

/// <summary>
/// Pays, once per test process and outside any harness, what the first use of the service databases
/// costs (EF Core model building and query compilation, SQLite's native library, JIT): MassTransit's
/// harness calls the bus idle after a short time without messages, once and for good, and a cold
/// first start on a busy machine can take longer than that. Runs every store operation once, so the
/// consumers' queries (the same code) are compiled too.
/// </summary>
public static class ServiceWarmup
{
    private static readonly Lazy<Task> Once = new(() => RunAsync(database: null));

    /// <summary>Warms the default (SQLite) path once per process.</summary>
    public static Task EnsureAsync() => Once.Value;

    /// <summary>Runs every store operation of the four services once, on <paramref name="database"/> (null: the SQLite default).</summary>
    public static async Task RunAsync(ServiceDatabaseOptions? database)
    {
        const string Sku = "SKU-WARMUP";
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMassTransit(bus => bus
            .AddInventoryService(o =>
            {
                o.InitialStock.Clear();
                o.InitialStock[Sku] = 10;
                o.Database = database ?? o.Database;
            })
            .AddPaymentsService(o => o.Database = database ?? o.Database)
            .AddShippingService(o => o.Database = database ?? o.Database)
            .AddNotificationsService(o => o.Database = database ?? o.Database));
        await using var provider = services.BuildServiceProvider();
        var (orderId, refundId) = (Guid.NewGuid(), Guid.NewGuid());
        OrderLine[] lines = [new(Sku, 1, 1m)];

        var inventory = provider.GetRequiredService<InventoryStore>();
        await inventory.ReserveAsync(orderId, lines);
        await inventory.ReservedForAsync(orderId);
        await inventory.ReleaseAsync(orderId);
        await inventory.RestockAsync(refundId, orderId, lines);
        await inventory.OnHandAsync(Sku);

        var ledger = provider.GetRequiredService<PaymentLedger>();
        await ledger.ChargeAsync(orderId, 10m, $"warmup-charge-{orderId}");
        await ledger.RefundAsync(orderId, refundId, 1m, $"warmup-refund-{orderId}");
        await ledger.CompensateChargeAsync(orderId, 9m, $"warmup-compensation-{orderId}");
        await ledger.NetForAsync(orderId);
        await ledger.CountForAsync($"warmup-charge-{orderId}");
        await ledger.IsVoidedAsync(orderId);
        await ledger.EntriesAsync();

        var shipments = provider.GetRequiredService<ShipmentLog>();
        await shipments.ShipAsync(orderId, "warmup");
        await shipments.ShipmentsAsync();

        var notifications = provider.GetRequiredService<NotificationLog>();
        await notifications.TryRecordAsync(Guid.NewGuid(), new SendNotification(orderId, "warmup", "warmup", "warmup"));
        await notifications.ForAsync(orderId);
        await notifications.SentAsync();
    }
}

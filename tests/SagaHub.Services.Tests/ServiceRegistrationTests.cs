using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SagaHub.EntityFrameworkCore;
using SagaHub.Inventory;
using SagaHub.Notifications;
using SagaHub.Payments;
using SagaHub.Shipping;

namespace SagaHub.Services.Tests;

public sealed class ServiceRegistrationTests
{
    private static ServiceProvider Build(Action<IBusRegistrationConfigurator> bus)
    {
        var services = new ServiceCollection();
        services.AddMassTransit(bus);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void AddInventoryService_NegativeInitialStock_FailsValidation()
    {
        using var provider = Build(bus => bus.AddInventoryService(options => options.InitialStock["SKU-RED"] = -1));

        var error = Assert.Throws<OptionsValidationException>(provider.GetRequiredService<InventoryStore>);
        Assert.Contains("Inventory:InitialStock", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddPaymentsService_NegativeDeclineAbove_FailsValidation()
    {
        using var provider = Build(bus => bus.AddPaymentsService(options => options.DeclineAbove = -1m));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PaymentsOptions>>().Value);
        Assert.Contains("Payments:DeclineAbove", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddServices_NoTimeProviderRegistered_UseTheSystemClock()
    {
        using var provider = Build(bus => bus.AddPaymentsService().AddShippingService().AddNotificationsService());

        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
        Assert.NotNull(provider.GetRequiredService<PaymentLedger>());
        Assert.NotNull(provider.GetRequiredService<ShipmentLog>());
        Assert.NotNull(provider.GetRequiredService<NotificationLog>());
    }

    [Fact]
    public async Task AddServices_Configure_RunsAfterTheDefaults()
    {
        await using var provider = Build(bus => bus
            .AddInventoryService(options => options.Retry.RetryLimit = 1)
            .AddShippingService(options => options.FailSkus.Add("SKU-X")));

        Assert.Equal(1, provider.GetRequiredService<IOptions<InventoryOptions>>().Value.Retry.RetryLimit);
        Assert.Contains("SKU-X", provider.GetRequiredService<IOptions<ShippingOptions>>().Value.FailSkus);
        Assert.Equal(1000, await provider.GetRequiredService<InventoryStore>().OnHandAsync("SKU-GREEN"));
    }

    [Fact]
    public async Task AddServices_NoDatabaseConfigured_UseATempSqliteFilePerServiceDeletedOnDispose()
    {
        string[] files;
        await using (var provider = Build(bus => bus.AddInventoryService().AddPaymentsService().AddShippingService().AddNotificationsService()))
        {
            var databases = new (SagaStoreProvider Provider, string? File, string Schema)[]
            {
                Describe(provider.GetRequiredService<ServiceDatabase<InventoryDbContext>>()),
                Describe(provider.GetRequiredService<ServiceDatabase<PaymentsDbContext>>()),
                Describe(provider.GetRequiredService<ServiceDatabase<ShippingDbContext>>()),
                Describe(provider.GetRequiredService<ServiceDatabase<NotificationsDbContext>>()),
            };
            Assert.All(databases, d => Assert.Equal(SagaStoreProvider.Sqlite, d.Provider));
            Assert.Equal(["inventory", "payments", "shipping", "notifications"], databases.Select(d => d.Schema));
            Assert.All(databases, d => Assert.StartsWith(Path.Combine(Path.GetTempPath(), $"sagahub-{d.Schema}-"), d.File, StringComparison.Ordinal));

            await provider.GetRequiredService<InventoryStore>().OnHandAsync("SKU-RED");
            await provider.GetRequiredService<PaymentLedger>().NetForAsync(Guid.NewGuid());
            files = [.. databases.Select(d => d.File!)];
            Assert.True(File.Exists(files[0]));
            Assert.True(File.Exists(files[1]));
        }

        Assert.All(files, file => Assert.False(File.Exists(file)));
        Assert.All(files, file => Assert.False(File.Exists(file + "-wal")));
    }

    [Fact]
    public void AddServices_DatabaseSection_BindsFromConfiguration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Inventory:Database:Provider"] = "PostgreSql",
            ["Inventory:Database:ConnectionString"] = "Host=db.example;Database=shop;Username=inventory;Password=secret",
            ["Payments:Database:ConnectionString"] = "Data Source=/var/lib/sagahub/payments.db",
        }).Build();
        var services = new ServiceCollection();
        services.Configure<InventoryOptions>(configuration.GetSection(InventoryOptions.SectionName));
        services.Configure<PaymentsOptions>(configuration.GetSection(PaymentsOptions.SectionName));
        services.AddMassTransit(bus => bus.AddInventoryService().AddPaymentsService());
        using var provider = services.BuildServiceProvider();

        var inventory = provider.GetRequiredService<ServiceDatabase<InventoryDbContext>>();
        var payments = provider.GetRequiredService<ServiceDatabase<PaymentsDbContext>>();

        Assert.Equal((SagaStoreProvider.PostgreSql, null), (inventory.Provider, inventory.TemporaryFile));
        Assert.Equal("PostgreSql db.example/shop schema inventory", inventory.ToString()); // no password in what gets logged
        Assert.Equal((SagaStoreProvider.Sqlite, "Data Source=/var/lib/sagahub/payments.db", null), (payments.Provider, payments.ConnectionString, payments.TemporaryFile));
    }

    [Theory]
    [InlineData("Host=db.example;Database=shop;Username=inventory;Password=secret", true)]
    [InlineData("Host=db.example;Database=shop;Username=inventory;Password=secret;No Reset On Close=false", false)]
    [InlineData("Host=db.example;Database=shop;Username=inventory;Password=secret;NoResetOnClose=false", false)]
    public async Task AddServices_PostgreSql_SkipTheConnectionResetUnlessTheConnectionStringSetsIt(string connectionString, bool noReset)
    {
        // The services leave no session state (their locks are pg_advisory_xact_lock), and DISCARD ALL would be a transaction per checkout.
        await using var provider = Build(bus => bus.AddInventoryService(options => options.Database = new ServiceDatabaseOptions { Provider = SagaStoreProvider.PostgreSql, ConnectionString = connectionString }));
        await using var scope = provider.CreateAsyncScope();

        var used = new Npgsql.NpgsqlConnectionStringBuilder(scope.ServiceProvider.GetRequiredService<InventoryDbContext>().Database.GetConnectionString());

        Assert.Equal(noReset, used.NoResetOnClose);
        Assert.Equal(("db.example", "shop", "secret"), (used.Host, used.Database, used.Password));
        Assert.Equal(connectionString, provider.GetRequiredService<ServiceDatabase<InventoryDbContext>>().ConnectionString); // the setting itself is left as given
    }

    [Theory]
    [InlineData("Host=db.example;Database=shop;Username=inventory;Password=secret", 10)]
    [InlineData("Host=db.example;Database=shop;Username=inventory;Password=secret;Maximum Pool Size=3", 3)]
    [InlineData("Host=db.example;Database=shop;Username=inventory;Password=secret;MaxPoolSize=40", 40)]
    public async Task AddServices_PostgreSql_BoundTheConnectionPoolUnlessTheConnectionStringSetsIt(string connectionString, int maxPoolSize)
    {
        // Npgsql's own default (100) let five demo processes hold 67 of PostgreSQL's 100 connections after a burst.
        await using var provider = Build(bus => bus.AddInventoryService(options => options.Database = new ServiceDatabaseOptions { Provider = SagaStoreProvider.PostgreSql, ConnectionString = connectionString }));
        await using var scope = provider.CreateAsyncScope();

        var used = new Npgsql.NpgsqlConnectionStringBuilder(scope.ServiceProvider.GetRequiredService<InventoryDbContext>().Database.GetConnectionString());

        Assert.Equal(maxPoolSize, used.MaxPoolSize);
        Assert.True(used.NoResetOnClose);
    }

    [Fact]
    public void AddInventoryService_PostgreSqlWithoutConnectionString_FailsValidation()
    {
        using var provider = Build(bus => bus.AddInventoryService(options => options.Database.Provider = SagaStoreProvider.PostgreSql));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<InventoryOptions>>().Value);
        Assert.Contains("Inventory:Database", error.Message, StringComparison.Ordinal);
    }

    private static (SagaStoreProvider Provider, string? File, string Schema) Describe<TDbContext>(ServiceDatabase<TDbContext> database)
        where TDbContext : DbContext => (database.Provider, database.TemporaryFile, database.Tables.Schema);
}

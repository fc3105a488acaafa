using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
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
    public void AddServices_Configure_RunsAfterTheDefaults()
    {
        using var provider = Build(bus => bus
            .AddInventoryService(options => options.Retry.RetryLimit = 1)
            .AddShippingService(options => options.FailSkus.Add("SKU-X")));

        Assert.Equal(1, provider.GetRequiredService<IOptions<InventoryOptions>>().Value.Retry.RetryLimit);
        Assert.Contains("SKU-X", provider.GetRequiredService<IOptions<ShippingOptions>>().Value.FailSkus);
        Assert.Equal(1000, provider.GetRequiredService<InventoryStore>().OnHand("SKU-GREEN"));
    }
}

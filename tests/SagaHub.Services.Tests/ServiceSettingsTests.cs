using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SagaHub.Inventory;
using SagaHub.Notifications;
using SagaHub.Payments;
using SagaHub.ServiceDefaults;
using SagaHub.Shipping;
using RabbitMqTransportOptions = SagaHub.ServiceDefaults.RabbitMqTransportOptions; // MassTransit has a type of that name too

namespace SagaHub.Services.Tests;

/// <summary>Each service process's appsettings.json binds, validates and says what the demo relies on.</summary>
public sealed class ServiceSettingsTests
{
    [Theory]
    [InlineData("Inventory")]
    [InlineData("Payments")]
    [InlineData("Shipping")]
    [InlineData("Notifications")]
    public void AppSettings_BusSections_PointAtTheLocalBrokerWithoutAPassword(string service)
    {
        var settings = Settings(service);

        var rabbit = RabbitMqTransportOptions.FromConfiguration(settings);
        Assert.Equal(BusTransport.RabbitMq, BusOptions.FromConfiguration(settings).Transport);
        Assert.Equal("sagahub@127.0.0.1:5672/", rabbit.ToString());
        Assert.Null(settings["RabbitMq:Password"]); // passwords come from the environment, never from a file
    }

    [Fact]
    public void AppSettings_Inventory_BindsTheStartingStock()
    {
        var options = Bind<InventoryOptions>("Inventory", InventoryOptions.SectionName, x => x.AddInventoryService());

        Assert.Equal(1000, options.InitialStock["SKU-RED"]);
        Assert.Equal(0, options.InitialStock["SKU-RARE"]);
        Assert.Equal(5, options.Retry.RetryLimit);
    }

    [Fact]
    public void AppSettings_Payments_BindsTheDemoCustomers()
    {
        var options = Bind<PaymentsOptions>("Payments", PaymentsOptions.SectionName, x => x.AddPaymentsService());

        Assert.Contains("cust-declined", options.DeclineCustomers);
        Assert.Contains("cust-payment-down", options.FailCustomers);
        Assert.Null(options.DeclineAbove);
    }

    [Fact]
    public void AppSettings_Shipping_BindsTheDemoCustomers()
    {
        var options = Bind<ShippingOptions>("Shipping", ShippingOptions.SectionName, x => x.AddShippingService());

        Assert.Contains("cust-unshippable", options.FailCustomers);
        Assert.Empty(options.FailSkus);
    }

    [Fact]
    public void AppSettings_Notifications_BindsTheRetry()
    {
        var options = Bind<NotificationsOptions>("Notifications", NotificationsOptions.SectionName, x => x.AddNotificationsService());

        Assert.Equal(5, options.Retry.RetryLimit);
    }

    /// <summary>Registers the service as its Program.cs does and reads its options (which runs their validation).</summary>
    private static TOptions Bind<TOptions>(string service, string section, Action<IBusRegistrationConfigurator> register)
        where TOptions : class
    {
        var services = new ServiceCollection();
        services.Configure<TOptions>(Settings(service).GetSection(section));
        services.AddMassTransit(register);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<TOptions>>().Value;
    }

    /// <summary>The service's appsettings.json in the source tree (it is copied next to the service's program only).</summary>
    private static IConfiguration Settings(string service)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "SagaHub.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var path = Path.Combine(root.FullName, "src", "Services", $"SagaHub.{service}", "appsettings.json");
        return new ConfigurationBuilder().AddJsonFile(path, optional: false).Build();
    }
}

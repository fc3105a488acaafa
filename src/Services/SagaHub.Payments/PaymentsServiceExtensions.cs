using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using SagaHub.Contracts;
using SagaHub.ServiceDefaults;

namespace SagaHub.Payments;

/// <summary>Registers the payments service on a MassTransit bus.</summary>
public static class PaymentsServiceExtensions
{
    /// <summary>The payments' data: its section, schema and scripts, and the provider rules' checks.</summary>
    private static readonly ServiceData<PaymentsOptions, PaymentsDbContext> Data = new(PaymentsOptions.SectionName, PaymentsDbContext.Schema, PaymentsSchema.Scripts)
    {
        Rules =
        [
            (o => o.DeclineAbove is null or >= 0, "Payments:DeclineAbove must be 0 or more when set."),
            (o => o.DeclineCustomers is not null && o.FailCustomers is not null, "Payments:DeclineCustomers and Payments:FailCustomers must be set."),
        ],
    };

    /// <summary>
    /// Adds the payments service: everything <see cref="AddPaymentsLedger"/> adds, and the payments consumers, all on
    /// the <see cref="Queues.Payments"/> queue with <see cref="ServiceEndpointOptions.Retry"/>.
    /// Bind the <see cref="PaymentsOptions.SectionName"/> section yourself
    /// (<c>services.Configure&lt;PaymentsOptions&gt;(section)</c>) to read it from configuration.
    /// </summary>
    /// <param name="bus">The bus being configured (inside <c>AddMassTransit</c>).</param>
    /// <param name="configure">Changes the options after the defaults and any bound configuration.</param>
    /// <returns>The same configurator, for chaining.</returns>
    public static IBusRegistrationConfigurator AddPaymentsService(
        this IBusRegistrationConfigurator bus,
        Action<PaymentsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddPaymentsLedger(configure);
        bus.AddServiceConsumer<ChargePaymentConsumer, PaymentsOptions>();
        bus.AddServiceConsumer<RefundPaymentConsumer, PaymentsOptions>();
        bus.AddServiceConsumer<IssueRefundConsumer, PaymentsOptions>();
        return bus;
    }

    /// <summary>
    /// Adds what <see cref="AddPaymentsService"/> adds except the consumers: <see cref="PaymentsOptions"/> and the
    /// database (<see cref="PaymentsDbContext"/>) with its inbox, outbox sweep and schema migration
    /// (<see cref="ServiceDataExtensions.AddServiceData"/>), and the <see cref="PaymentLedger"/> (a singleton).
    /// For hosts that register (some) payments consumers themselves.
    /// </summary>
    /// <param name="services">The services (or the bus configurator).</param>
    /// <param name="configure">Changes the options after the defaults and any bound configuration.</param>
    /// <returns>The same services, for chaining.</returns>
    public static IServiceCollection AddPaymentsLedger(this IServiceCollection services, Action<PaymentsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddServiceData(Data, configure);
        services.AddSingleton<PaymentLedger>();
        return services;
    }
}

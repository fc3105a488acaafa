using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SagaHub.Contracts;

namespace SagaHub.Payments;

/// <summary>Registers the payments service on a MassTransit bus.</summary>
public static class PaymentsServiceExtensions
{
    /// <summary>
    /// Adds the <see cref="PaymentLedger"/> (a singleton), <see cref="PaymentsOptions"/>,
    /// <see cref="TimeProvider.System"/> unless a <see cref="TimeProvider"/> is registered, and the
    /// payments consumers, all on the <see cref="Queues.Payments"/> queue with <see cref="ServiceEndpointOptions.Retry"/>.
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
        var options = bus.AddOptions<PaymentsOptions>()
            .Validate(o => o.DeclineAbove is null or >= 0, "Payments:DeclineAbove must be 0 or more when set.")
            .Validate(o => o.DeclineCustomers is not null && o.FailCustomers is not null, "Payments:DeclineCustomers and Payments:FailCustomers must be set.")
            .Validate(o => o.Retry is not null, "Payments:Retry must be set.")
            .ValidateOnStart();
        if (configure is not null)
        {
            options.PostConfigure(configure);
        }

        bus.TryAddSingleton(TimeProvider.System);
        bus.AddSingleton<PaymentLedger>();
        bus.AddConsumer<ChargePaymentConsumer, ServiceConsumerDefinition<ChargePaymentConsumer, PaymentsOptions>>();
        bus.AddConsumer<RefundPaymentConsumer, ServiceConsumerDefinition<RefundPaymentConsumer, PaymentsOptions>>();
        bus.AddConsumer<IssueRefundConsumer, ServiceConsumerDefinition<IssueRefundConsumer, PaymentsOptions>>();
        return bus;
    }
}

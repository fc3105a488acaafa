using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SagaHub.Contracts;
using SagaHub.EntityFrameworkCore;

namespace SagaHub.Payments;

/// <summary>Registers the payments service on a MassTransit bus.</summary>
public static class PaymentsServiceExtensions
{
    /// <summary>
    /// Adds the payments service: <see cref="PaymentsOptions"/>, its database
    /// (<see cref="PaymentsDbContext"/>, scoped, on <see cref="PaymentsOptions.Database"/>) with its
    /// inbox, outbox sweep and schema migration (at host start and before the first message), the
    /// <see cref="PaymentLedger"/> (a singleton), <see cref="TimeProvider.System"/> unless a
    /// <see cref="TimeProvider"/> is registered, and the payments consumers, all on the <see cref="Queues.Payments"/> queue with <see cref="ServiceEndpointOptions.Retry"/>.
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
        bus.AddConsumer<ChargePaymentConsumer, ServiceConsumerDefinition<ChargePaymentConsumer, PaymentsOptions>>();
        bus.AddConsumer<RefundPaymentConsumer, ServiceConsumerDefinition<RefundPaymentConsumer, PaymentsOptions>>();
        bus.AddConsumer<IssueRefundConsumer, ServiceConsumerDefinition<IssueRefundConsumer, PaymentsOptions>>();
        return bus;
    }

    /// <summary>
    /// Adds what <see cref="AddPaymentsService"/> adds except the consumers: <see cref="PaymentsOptions"/>,
    /// the database (<see cref="PaymentsDbContext"/>) with its inbox, outbox sweep and schema migration,
    /// and the <see cref="PaymentLedger"/>. For hosts that register (some) payments consumers themselves.
    /// </summary>
    /// <param name="services">The services (or the bus configurator).</param>
    /// <param name="configure">Changes the options after the defaults and any bound configuration.</param>
    /// <returns>The same services, for chaining.</returns>
    public static IServiceCollection AddPaymentsLedger(this IServiceCollection services, Action<PaymentsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<PaymentsOptions>()
            .Validate(o => o.DeclineAbove is null or >= 0, "Payments:DeclineAbove must be 0 or more when set.")
            .Validate(o => o.DeclineCustomers is not null && o.FailCustomers is not null, "Payments:DeclineCustomers and Payments:FailCustomers must be set.")
            .Validate(o => o.Retry is not null, "Payments:Retry must be set.")
            .Validate(o => o.Database?.Problem($"{PaymentsOptions.SectionName}:Database") is null, "Payments:Database needs a Provider (PostgreSql or Sqlite), and a ConnectionString for PostgreSql.")
            .ValidateOnStart();
        if (configure is not null)
        {
            options.PostConfigure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new ServiceDatabase<PaymentsDbContext>(sp.GetRequiredService<IOptions<PaymentsOptions>>().Value.Database, PaymentsDbContext.Schema));
        services.AddDbContext<PaymentsDbContext>((sp, db) => sp.GetRequiredService<ServiceDatabase<PaymentsDbContext>>().Configure(db), ServiceLifetime.Scoped, ServiceLifetime.Singleton);
        services.AddSagaHubInbox<PaymentsDbContext>();
        services.AddSchemaMigration<PaymentsDbContext>(sp => sp.GetRequiredService<ServiceDatabase<PaymentsDbContext>>().Tables, PaymentsSchema.Component, PaymentsSchema.Scripts);
        services.AddSingleton<PaymentLedger>();
        return services;
    }
}

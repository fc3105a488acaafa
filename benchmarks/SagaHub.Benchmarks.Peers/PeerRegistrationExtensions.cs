using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace SagaHub.Benchmarks.Peers;

/// <summary>Registers the peers on a MassTransit bus (inside <c>AddMassTransit</c>).</summary>
public static class PeerRegistrationExtensions
{
    /// <summary>
    /// Adds <see cref="MassTransitOrderStateMachine"/> with MassTransit's in-memory saga repository on
    /// the <see cref="PeerQueues.StateMachine"/> endpoint, with message retry and MassTransit's
    /// in-memory outbox (what it sends leaves only once the saga has been updated), as MassTransit
    /// advises for sagas.
    /// </summary>
    /// <param name="x">The bus being configured.</param>
    /// <returns>The same configurator.</returns>
    public static IBusRegistrationConfigurator AddMassTransitOrderStateMachine(this IBusRegistrationConfigurator x)
    {
        ArgumentNullException.ThrowIfNull(x);
        x.AddSagaStateMachine<MassTransitOrderStateMachine, MassTransitOrderState>((context, saga) =>
            {
                saga.UseMessageRetry(r => r.Intervals(50, 200, 500));
                saga.UseInMemoryOutbox(context);
            })
            .InMemoryRepository()
            .Endpoint(e => e.Name = PeerQueues.StateMachine);
        return x;
    }

    /// <summary>
    /// Adds the hand-rolled order consumers (<see cref="HandRolledOrderConsumer"/>) on the
    /// <see cref="PeerQueues.HandRolled"/> endpoint with message retry only, and one pooled
    /// <see cref="HandRolledOrderTable"/> on <paramref name="connectionString"/>. Create the table first
    /// with <see cref="HandRolledSchema.EnsureAsync"/>.
    /// </summary>
    /// <param name="x">The bus being configured.</param>
    /// <param name="connectionString">The PostgreSQL database.</param>
    /// <param name="schema">The schema of the status table.</param>
    /// <returns>The same configurator.</returns>
    public static IBusRegistrationConfigurator AddHandRolledOrders(this IBusRegistrationConfigurator x, string connectionString, string schema = HandRolledSchema.DefaultSchema)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        HandRolledSchema.Check(schema);
        x.AddSingleton(_ => new HandRolledOrderTable(connectionString, schema));
        x.AddConsumer<HandRolledOrderConsumer>((_, consumer) => consumer.UseMessageRetry(r => r.Intervals(50, 200, 500)))
            .Endpoint(e => e.Name = PeerQueues.HandRolled);
        return x;
    }
}

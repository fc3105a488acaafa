namespace SagaHub.Benchmarks.Peers;

/// <summary>The receive endpoints of the peers; the services they talk to are on <see cref="SagaHub.Contracts.Queues"/>.</summary>
public static class PeerQueues
{
    /// <summary>The endpoint of <see cref="MassTransitOrderStateMachine"/>.</summary>
    public const string StateMachine = "order-state-machine";

    /// <summary>The endpoint of the hand-rolled order consumers.</summary>
    public const string HandRolled = "handrolled-orders";
}

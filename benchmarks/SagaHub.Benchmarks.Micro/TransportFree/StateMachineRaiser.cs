using MassTransit;
using MassTransit.Saga;

namespace SagaHub.Benchmarks.Micro.TransportFree;

/// <summary>
/// Raises an event on a <see cref="MassTransitStateMachine{TInstance}"/> without a bus, the way
/// MassTransit's own test extensions do (<c>TestStateMachineExtensions.RaiseEvent</c>, in the
/// MassTransit.TestFramework package, which is not served here): a consume context for the message,
/// the in-memory repository's saga context around the instance, the machine's behavior context, then
/// <see cref="StateMachine{TInstance}.RaiseEvent{T}(BehaviorContext{TInstance, T})"/>. What the
/// machine's activities send or publish is resolved through the receive context's endpoints and
/// captured there, not serialized or transported. Left out: the receive pipeline, the saga
/// repository's lookup and lock, retry and outbox filters.
/// </summary>
/// <typeparam name="TInstance">The saga instance type.</typeparam>
internal sealed class StateMachineRaiser<TInstance>(MassTransitStateMachine<TInstance> machine)
    where TInstance : class, SagaStateMachineInstance
{
    private readonly CapturingReceiveContext receive = new(new Uri("loopback://localhost/order-state-machine"));

    public CapturedMessages Captured => receive.Captured;

    public Task RaiseAsync<TMessage>(SagaInstance<TInstance> instance, Event<TMessage> @event, TMessage message, Guid messageId)
        where TMessage : class
    {
        var consume = new CapturingConsumeContext<TMessage>(receive, message, messageId);
        var saga = new InMemorySagaConsumeContext<TInstance, TMessage>(consume, instance);
        StateMachine<TInstance> raise = machine;
        return raise.RaiseEvent(new MassTransitStateMachine<TInstance>.BehaviorContextProxy<TMessage>(machine, saga, consume, @event));
    }
}

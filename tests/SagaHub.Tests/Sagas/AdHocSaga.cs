namespace SagaHub.Tests.Sagas;

public sealed record Go(Guid Id);

public sealed record Ping(Guid Id, int Value);

public sealed record Pong(Guid Id);

public sealed record UndoA(Guid Id);

public enum AdHocStatus
{
    A,
    B,
    C,
    Done,
    Undoing,
    Broken,
}

public sealed class AdHocData
{
    public int Value { get; set; }
}

/// <summary>A saga declared by the test itself: the declaration methods are made public so one test can build one (often invalid) definition inline.</summary>
public sealed class AdHocSaga : SagaDefinition<AdHocData, AdHocStatus>
{
    public AdHocSaga(Action<AdHocSaga> define)
    {
        ArgumentNullException.ThrowIfNull(define);
        define(this);
    }

    /// <summary>Correlates <see cref="Go"/>, <see cref="Ping"/>, <see cref="Pong"/> and <see cref="UndoA"/> by their id.</summary>
    public void CorrelateAll()
    {
        Correlate<Go>(m => m.Id);
        Correlate<Ping>(m => m.Id);
        Correlate<Pong>(m => m.Id);
        Correlate<UndoA>(m => m.Id);
    }

    public new void Correlate<TMessage>(Func<TMessage, Guid> selector)
        where TMessage : class => base.Correlate(selector);

    public new void CorrelateBy(string propertyName) => base.CorrelateBy(propertyName);

    public new void CorrelateAll<TContract>(Func<TContract, Guid> selector)
        where TContract : class => base.CorrelateAll(selector);

    public new void SendTo(string queue, params Type[] commandTypes) => base.SendTo(queue, commandTypes);

    public new TransitionBuilder<AdHocData, AdHocStatus, TMessage> Initially<TMessage>()
        where TMessage : class => base.Initially<TMessage>();

    public new StateBuilder<AdHocData, AdHocStatus> During(AdHocStatus status) => base.During(status);

    public new StateBuilder<AdHocData, AdHocStatus> During(AdHocStatus first, params AdHocStatus[] others) => base.During(first, others);

    public new void Final(params AdHocStatus[] finalStates) => base.Final(finalStates);

    public new CompensationBuilder<AdHocData, AdHocStatus> Compensating(AdHocStatus status) => base.Compensating(status);

    public new void Parked(params AdHocStatus[] parkedStates) => base.Parked(parkedStates);
}

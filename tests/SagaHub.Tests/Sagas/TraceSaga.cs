namespace SagaHub.Tests.Sagas;

public sealed record Begin(Guid Id);

public sealed record Advance(Guid Id);

public sealed record Poke(Guid Id);

public sealed record Finish(Guid Id);

public sealed record TraceCommand(Guid Id, string Step);

public enum TraceStatus
{
    First,
    Second,
    Done,
}

public sealed class TraceData
{
    public List<string> Log { get; set; } = [];
}

/// <summary>Records, in its data, the order in which Then, OnExit and OnEnter actions run.</summary>
public sealed class TraceSaga : SagaDefinition<TraceData, TraceStatus>
{
    public static readonly TimeSpan FirstTimeout = TimeSpan.FromMinutes(10);

    public TraceSaga()
    {
        Correlate<Begin>(m => m.Id);
        Correlate<Advance>(m => m.Id);
        Correlate<Poke>(m => m.Id);
        Correlate<Finish>(m => m.Id);

        SendTo("trace", typeof(TraceCommand));

        Initially<Begin>()
            .Then(ctx => ctx.Data.Log.Add("then:Begin"))
            .GoTo(TraceStatus.First);

        During(TraceStatus.First)
            .OnEnter(ctx => ctx.Data.Log.Add("enter:First"))
            .OnExit(ctx => ctx.Data.Log.Add("exit:First"))
            .On<Advance>()
                .Then(ctx =>
                {
                    ctx.Data.Log.Add("then:Advance");
                    ctx.Send(new TraceCommand(ctx.SagaId, "then"));
                })
                .GoTo(TraceStatus.Second)
            .On<Poke>().Then(ctx => ctx.Data.Log.Add("then:Poke")).Stay()
            .Timeout(FirstTimeout).GoTo(TraceStatus.Done);

        During(TraceStatus.Second)
            .OnEnter(ctx =>
            {
                ctx.Data.Log.Add("enter:Second");
                ctx.Send(new TraceCommand(ctx.SagaId, "enter"));
            })
            .OnExit(ctx => ctx.Data.Log.Add("exit:Second"))
            .On<Finish>().GoTo(TraceStatus.Done);

        Final(TraceStatus.Done);
    }
}

namespace SagaHub.IntegrationTests.Infrastructure;

public sealed record WorkStarted(Guid Id);

public sealed record DoWork(Guid Id);

public sealed record WorkDone(Guid Id);

public sealed record PartA(Guid Id);

public sealed record PartB(Guid Id);

public enum WorkStatus
{
    Working,
    Waiting,
    Done,
    TimedOut,
}

public sealed class WorkData
{
    public int Parts { get; set; }
}

/// <summary>Settings of one <see cref="WorkSaga"/>: every test gets its own name, so its own queue.</summary>
public sealed record WorkSagaOptions(string Name)
{
    /// <summary>Whether the saga starts by sending <see cref="DoWork"/> to <see cref="WorkerQueue"/> (and waits for <see cref="WorkDone"/>).</summary>
    public bool SendWork { get; init; }

    public TimeSpan WaitTimeout { get; init; } = TimeSpan.FromMinutes(10);

    public string WorkerQueue => Name + "-worker";
}

/// <summary>
/// A small saga for the durability tests: start, optionally a command round trip, then a join of
/// two parts (two messages that race for one saga) or a timeout from the database.
/// </summary>
public sealed class WorkSaga : SagaDefinition<WorkData, WorkStatus>
{
    private readonly WorkSagaOptions options;

    public WorkSaga(WorkSagaOptions options)
    {
        this.options = options;
        Correlate<WorkStarted>(m => m.Id);
        Correlate<WorkDone>(m => m.Id);
        Correlate<PartA>(m => m.Id);
        Correlate<PartB>(m => m.Id);
        SendTo(options.WorkerQueue, typeof(DoWork));

        Initially<WorkStarted>().GoTo(options.SendWork ? WorkStatus.Working : WorkStatus.Waiting);

        if (options.SendWork)
        {
            During(WorkStatus.Working)
                .OnEnter(ctx => ctx.Send(new DoWork(ctx.SagaId)))
                .On<WorkDone>().GoTo(WorkStatus.Waiting);
        }

        During(WorkStatus.Waiting)
            .Join(j => j.Of<PartA>(ctx => ctx.Data.Parts++).Of<PartB>(ctx => ctx.Data.Parts++)).GoTo(WorkStatus.Done)
            .Timeout(options.WaitTimeout).GoTo(WorkStatus.TimedOut);

        Final(WorkStatus.Done, WorkStatus.TimedOut);
    }

    public override string Name => options.Name;
}

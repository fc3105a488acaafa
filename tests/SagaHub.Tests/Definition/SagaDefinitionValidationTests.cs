using SagaHub.Tests.Sagas;

namespace SagaHub.Tests;

public class SagaDefinitionValidationTests
{
    private static IReadOnlyList<string> Problems(Action<AdHocSaga> define)
    {
        var saga = new AdHocSaga(define);
        var ex = Assert.Throws<SagaDefinitionException>(saga.Validate);
        Assert.Equal("AdHocSaga", ex.SagaName);
        Assert.NotEmpty(ex.Problems);
        return ex.Problems;
    }

    private static void AssertProblem(IReadOnlyList<string> problems, params string[] parts) =>
        Assert.True(
            problems.Any(p => parts.All(part => p.Contains(part, StringComparison.Ordinal))),
            $"no problem mentions all of [{string.Join(", ", parts)}]; problems:\n{string.Join("\n", problems)}");

    [Fact]
    public void Validate_WellFormedSagas_DoNotThrow()
    {
        ISagaDefinition[] sagas = [new TestOrderSaga(), new PlanSaga(), new GuardSaga(), new TripSaga(), new TestRefundSaga(), new TraceSaga()];

        foreach (var saga in sagas)
        {
            var ex = Record.Exception(saga.Validate);
            Assert.True(ex is null, $"{saga.Name}: {ex?.Message}");
        }
    }

    [Fact]
    public void Validate_MinimalAdHocSaga_DoesNotThrow()
    {
        var saga = new AdHocSaga(s =>
        {
            s.CorrelateAll();
            s.Initially<Go>().GoTo(AdHocStatus.A);
            s.During(AdHocStatus.A).On<Ping>().GoTo(AdHocStatus.Done);
            s.Final(AdHocStatus.Done);
        });

        Assert.Null(Record.Exception(saga.Validate));
    }

    [Fact]
    public void Validate_MassTransitFaultDeclaredDirectly_AsksForOnFault()
    {
        var problems = Problems(s =>
        {
            s.CorrelateAll();
            s.Initially<Go>().GoTo(AdHocStatus.A);
            s.During(AdHocStatus.A).On<MassTransit.Fault<Ping>>().GoTo(AdHocStatus.Done);
            s.Final(AdHocStatus.Done);
        });

        AssertProblem(problems, "state A", "Fault<Ping>", "OnFault<Ping>()", "CommandFault<Ping>");
    }

    [Fact]
    public void Validate_HandledMessageWithoutCorrelate_NamesStateAndMessage()
    {
        var problems = Problems(s =>
        {
            s.Correlate<Go>(m => m.Id);
            s.Initially<Go>().GoTo(AdHocStatus.A);
            s.During(AdHocStatus.A).On<Ping>().GoTo(AdHocStatus.Done);
            s.Final(AdHocStatus.Done);
        });

        AssertProblem(problems, "state A", "'Ping'", "Correlate<Ping>");
        Assert.Single(problems);
    }

    [Fact]
    public void Validate_InitiatingMessageWithoutCorrelate_NamesInitially()
    {
        var problems = Problems(s =>
        {
            s.Correlate<Ping>(m => m.Id);
            s.Initially<Go>().GoTo(AdHocStatus.A);
            s.During(AdHocStatus.A).On<Ping>().GoTo(AdHocStatus.Done);
            s.Final(AdHocStatus.Done);
        });

        AssertProblem(problems, "Initially", "'Go'", "Correlate<Go>");
    }

    [Fact]
    public void Validate_NonFinalStateWithoutWayOut_NamesState()
    {
        var problems = Problems(s =>
        {
            s.CorrelateAll();
            s.Initially<Go>().GoTo(AdHocStatus.A);
            s.During(AdHocStatus.A).On<Ping>().Stay();
        });

        AssertProblem(problems, "state A", "no way out");
        Assert.Single(problems);
    }

    [Fact]
    public void Validate_TwoGuardedTransitionsWithoutOtherwise_NamesStateAndMessage()
    {
        var problems = Problems(s =>
        {
            s.CorrelateAll();
            s.Initially<Go>().GoTo(AdHocStatus.A);
            s.During(AdHocStatus.A)
                .On<Ping>().If(ctx => ctx.Message.Value > 1, "value above 1").GoTo(AdHocStatus.B)
                .On<Ping>().If(ctx => ctx.Message.Value < 1, "value below 1").GoTo(AdHocStatus.Done);
            s.Final(AdHocStatus.B, AdHocStatus.Done);
        });

        AssertProblem(problems, "state A", "trigger Ping", "no Otherwise()");
        Assert.Single(problems);
    }

    [Fact]
    public void Validate_TwoUnguardedTransitionsOnOneTrigger_NamesStateAndMessage()
    {
        var problems = Problems(s =>
        {
            s.CorrelateAll();
            s.Initially<Go>().GoTo(AdHocStatus.A);
            s.During(AdHocStatus.A)
                .On<Ping>().GoTo(AdHocStatus.B)
                .On<Ping>().GoTo(AdHocStatus.Done);
            s.Final(AdHocStatus.B, AdHocStatus.Done);
        });

        AssertProblem(problems, "state A", "trigger Ping", "overlap");
        Assert.Single(problems);
    }

    [Fact]
    public void Validate_UnreachableState_NamesState()
    {
        var problems = Problems(s =>
        {
            s.CorrelateAll();
            s.Initially<Go>().GoTo(AdHocStatus.A);
            s.During(AdHocStatus.A).On<Ping>().GoTo(AdHocStatus.Done);
            s.During(AdHocStatus.C).On<Pong>().GoTo(AdHocStatus.Done);
            s.Final(AdHocStatus.Done);
        });

        AssertProblem(problems, "state C", "unreachable");
        Assert.Single(problems);
    }

    [Fact]
    public void Validate_TimeoutInFinalState_NamesState()
    {
        var problems = Problems(s =>
        {
            s.CorrelateAll();
            s.Initially<Go>().GoTo(AdHocStatus.A);
            s.During(AdHocStatus.A).On<Ping>().GoTo(AdHocStatus.Done);
            s.Final(AdHocStatus.Done);
            s.During(AdHocStatus.Done).Timeout(TimeSpan.FromMinutes(1)).GoTo(AdHocStatus.A);
        });

        AssertProblem(problems, "state Done", "final", "a timeout");
    }

    [Fact]
    public void Validate_HumanTaskInFinalState_NamesState()
    {
        var problems = Problems(s =>
        {
            s.CorrelateAll();
            s.Initially<Go>().GoTo(AdHocStatus.A);
            s.During(AdHocStatus.A).On<Ping>().GoTo(AdHocStatus.Done);
            s.During(AdHocStatus.Done).WaitForPerson("Check", t => t.AssignTo("ops").DueIn(TimeSpan.FromHours(1)));
            s.Final(AdHocStatus.Done);
        });

        AssertProblem(problems, "state Done", "final", "a human task");
    }

    [Fact]
    public void Validate_TransitionWithoutTarget_NamesStateAndMessage()
    {
        var problems = Problems(s =>
        {
            s.CorrelateAll();
            s.Initially<Go>().GoTo(AdHocStatus.A);
            s.During(AdHocStatus.A)
                .On<Pong>().Then(ctx => ctx.Data.Value++)
                .On<Ping>().GoTo(AdHocStatus.Done);
            s.Final(AdHocStatus.Done);
        });

        AssertProblem(problems, "state A", "trigger Pong", "no target");
        Assert.Single(problems);
    }

    [Fact]
    public void Validate_CompensateWithoutCompensating_NamesStateAndMessage()
    {
        var problems = Problems(s =>
        {
            s.CorrelateAll();
            s.Initially<Go>().GoTo(AdHocStatus.A);
            s.During(AdHocStatus.A).On<Ping>().Compensate().GoTo(AdHocStatus.Done);
            s.Final(AdHocStatus.Done);
        });

        AssertProblem(problems, "state A", "trigger Ping", "Compensating(...)");
        Assert.Single(problems);
    }

    [Fact]
    public void Validate_CompensationCommandWithoutRoute_NamesStateMessageAndCommand()
    {
        var problems = Problems(s =>
        {
            s.CorrelateAll();
            s.Initially<Go>().GoTo(AdHocStatus.A);
            s.During(AdHocStatus.A)
                .On<Ping>().CompensateWith(ctx => new UndoA(ctx.SagaId)).GoTo(AdHocStatus.B);
            s.During(AdHocStatus.B).On<Pong>().Compensate().GoTo(AdHocStatus.Done);
            s.Compensating(AdHocStatus.Undoing).OnFailure(AdHocStatus.Broken);
            s.Final(AdHocStatus.Done, AdHocStatus.Broken);
        });

        AssertProblem(problems, "state A", "trigger Ping", "'UndoA'", "SendTo");
        Assert.Single(problems);
    }

    [Fact]
    public void Validate_NoInitially_SaysSo()
    {
        var problems = Problems(s =>
        {
            s.CorrelateAll();
            s.During(AdHocStatus.A).On<Ping>().GoTo(AdHocStatus.Done);
            s.Final(AdHocStatus.Done);
        });

        AssertProblem(problems, "no initiating message", "Initially<TMessage>()");
    }

    [Fact]
    public void Validate_GoToTargetWithoutBlock_NamesState()
    {
        var problems = Problems(s =>
        {
            s.CorrelateAll();
            s.Initially<Go>().GoTo(AdHocStatus.A);
            s.During(AdHocStatus.A).On<Ping>().GoTo(AdHocStatus.C);
        });

        AssertProblem(problems, "state C", "no During(C) block");
    }

    [Fact]
    public void Validate_OtherwiseWithoutIf_NamesStateAndMessage()
    {
        var problems = Problems(s =>
        {
            s.CorrelateAll();
            s.Initially<Go>().GoTo(AdHocStatus.A);
            s.During(AdHocStatus.A).On<Ping>().Otherwise().GoTo(AdHocStatus.Done);
            s.Final(AdHocStatus.Done);
        });

        AssertProblem(problems, "state A", "trigger Ping", "Otherwise() without any If(...)");
        Assert.Single(problems);
    }

    [Fact]
    public void Validate_SeveralProblems_ListsEveryOne()
    {
        var problems = Problems(s =>
        {
            s.Correlate<Go>(m => m.Id);
            s.Initially<Go>().GoTo(AdHocStatus.A);
            s.During(AdHocStatus.A)
                .On<Ping>().GoTo(AdHocStatus.Done)
                .On<Pong>().Otherwise().GoTo(AdHocStatus.Done);
            s.Final(AdHocStatus.Done);
        });

        AssertProblem(problems, "Correlate<Ping>");
        AssertProblem(problems, "Correlate<Pong>");
        AssertProblem(problems, "trigger Pong", "Otherwise()");
        Assert.Equal(3, problems.Count);
    }

    [Fact]
    public void Fire_InvalidDefinition_ThrowsSagaDefinitionException()
    {
        var saga = new AdHocSaga(s =>
        {
            s.CorrelateAll();
            s.Initially<Go>().GoTo(AdHocStatus.A);
            s.During(AdHocStatus.A).On<Ping>().Stay();
        });
        var id = Guid.NewGuid();
        var instance = saga.NewInstance(id);

        Assert.Throws<SagaDefinitionException>(() => saga.Fire(instance, new Go(id)));
        Assert.False(instance.IsStarted);
    }
}

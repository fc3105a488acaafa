namespace SagaHub.Tests.Sagas;

public sealed record OpenAccount(Guid AccountId);

public sealed record Deposit(Guid AccountId, decimal Amount);

public sealed record Verify(Guid AccountId, bool Passed);

public sealed record Classify(Guid AccountId, int Score);

public sealed record Audit(Guid AccountId);

public sealed record AuditCommand(Guid AccountId);

public enum GuardStatus
{
    Open,
    Large,
    Small,
    Refused,
    Verified,
    High,
    Audited,
}

public sealed class GuardData
{
    public int GuardCalls { get; set; }
}

/// <summary>Guards: a three-way branch with Otherwise, a lone guard, overlapping guards and a guard that (wrongly) sends.</summary>
public sealed class GuardSaga : SagaDefinition<GuardData, GuardStatus>
{
    public GuardSaga()
    {
        Correlate<OpenAccount>(m => m.AccountId);
        Correlate<Deposit>(m => m.AccountId);
        Correlate<Verify>(m => m.AccountId);
        Correlate<Classify>(m => m.AccountId);
        Correlate<Audit>(m => m.AccountId);

        SendTo("audit", typeof(AuditCommand));

        Initially<OpenAccount>().GoTo(GuardStatus.Open);

        During(GuardStatus.Open)
            .On<Deposit>().If(ctx => ctx.Message.Amount > 100, "amount above 100").GoTo(GuardStatus.Large)
            .On<Deposit>().If(ctx => ctx.Message.Amount < 0, "negative amount").GoTo(GuardStatus.Refused)
            .On<Deposit>().Otherwise().GoTo(GuardStatus.Small)
            .On<Verify>().If(ctx => ctx.Message.Passed, "verification passed").GoTo(GuardStatus.Verified)
            .On<Classify>().If(ctx => ctx.Message.Score > 0, "score positive").GoTo(GuardStatus.High)
            .On<Classify>().If(ctx => ctx.Message.Score > 10, "score above ten").GoTo(GuardStatus.High)
            .On<Classify>().Otherwise().GoTo(GuardStatus.Small)
            .On<Audit>().If(
                ctx =>
                {
                    ctx.Data.GuardCalls++;
                    ctx.Send(new AuditCommand(ctx.SagaId));
                    ctx.Publish(new AuditCommand(ctx.SagaId));
                    return true;
                },
                "audit allowed").GoTo(GuardStatus.Audited);

        Final(GuardStatus.Large, GuardStatus.Small, GuardStatus.Refused, GuardStatus.Verified, GuardStatus.High, GuardStatus.Audited);
    }
}

using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SagaHub.Cli;

/// <summary><c>sagahub resume &lt;type&gt; &lt;id&gt; [--state S]</c>: a parked or stuck saga goes on (a parked one from the state it parked from).</summary>
internal sealed class ResumeCommand(CliEnvironment environment) : SagaActionCommand<ResumeCommand.Settings>(environment)
{
    protected override string Kind => "resume";

    protected override string? State(Settings settings) => settings.State;

    /// <summary>The options of <c>resume</c>.</summary>
    internal sealed class Settings : SagaActionSettings
    {
        [CommandOption("--state <STATE>")]
        [Description("The state to resume in. Default: the one a parked saga parked from.")]
        public string? State { get; set; }
    }
}

/// <summary><c>sagahub move &lt;type&gt; &lt;id&gt; &lt;state&gt;</c>: the saga goes to another state, entering it as a transition would.</summary>
internal sealed class MoveCommand(CliEnvironment environment) : SagaActionCommand<MoveCommand.Settings>(environment)
{
    protected override string Kind => "moveTo";

    protected override string? State(Settings settings) => settings.State;

    /// <summary>The arguments of <c>move</c>.</summary>
    internal sealed class Settings : SagaActionSettings
    {
        [CommandArgument(2, "<state>")]
        [Description("The state to move to.")]
        public string State { get; set; } = string.Empty;
    }
}

/// <summary><c>sagahub cancel &lt;type&gt; &lt;id&gt; &lt;final-state&gt;</c>: the saga ends in a final state, its completed steps undone.</summary>
internal sealed class CancelCommand(CliEnvironment environment) : SagaActionCommand<CancelCommand.Settings>(environment)
{
    protected override string Kind => "cancel";

    protected override string? State(Settings settings) => settings.State;

    /// <summary>The arguments of <c>cancel</c>.</summary>
    internal sealed class Settings : SagaActionSettings
    {
        [CommandArgument(2, "<final-state>")]
        [Description("The final state to end in.")]
        public string State { get; set; } = string.Empty;
    }
}

/// <summary><c>sagahub fire-deadline &lt;type&gt; &lt;id&gt;</c>: the saga's deadline comes due now.</summary>
internal sealed class FireDeadlineCommand(CliEnvironment environment) : SagaActionCommand<SagaActionSettings>(environment)
{
    protected override string Kind => "fireDeadline";
}

/// <summary><c>sagahub reschedule &lt;type&gt; &lt;id&gt; &lt;due-at&gt;</c>: the saga's deadline moves to another time.</summary>
internal sealed class RescheduleCommand(CliEnvironment environment) : SagaActionCommand<RescheduleCommand.Settings>(environment)
{
    protected override string Kind => "rescheduleDeadline";

    protected override DateTimeOffset? DueAt(Settings settings) =>
        Cli.DueAt.TryParse(settings.DueAt, Environment.Time.GetUtcNow(), out var dueAt) ? dueAt : null;

    /// <summary>The arguments of <c>reschedule</c>.</summary>
    internal sealed class Settings : SagaActionSettings
    {
        [CommandArgument(2, "<due-at>")]
        [Description("The new due time: ISO 8601 (UTC unless it says otherwise), or from now: +30m, +2h, +1d.")]
        public string DueAt { get; set; } = string.Empty;

        public override ValidationResult Validate() =>
            !Cli.DueAt.TryParse(DueAt, DateTimeOffset.UtcNow, out _)
                ? ValidationResult.Error($"'{DueAt}' is not a time: give ISO 8601 (2026-12-03T10:00:00Z) or from now (+30m, +2h, +1d).")
                : base.Validate();
    }
}

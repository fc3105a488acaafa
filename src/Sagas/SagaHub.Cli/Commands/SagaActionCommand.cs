using System.ComponentModel;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SagaHub.Cli;

/// <summary>An audited action on one saga: posts it to <c>sagas/{type}/{id}/actions</c> and prints where the saga went and what was sent.</summary>
internal abstract class SagaActionCommand<TSettings>(CliEnvironment environment) : ApiCommand<TSettings>(environment)
    where TSettings : SagaActionSettings
{
    /// <summary>The action's kind, as the API names it (resume, moveTo, cancel, fireDeadline, rescheduleDeadline).</summary>
    protected abstract string Kind { get; }

    /// <summary>The state the action names, if any.</summary>
    protected virtual string? State(TSettings settings) => null;

    /// <summary>The new due time, for a reschedule.</summary>
    protected virtual DateTimeOffset? DueAt(TSettings settings) => null;

    protected override async Task<int> RunAsync(ManagementClient api, TSettings settings)
    {
        var body = new
        {
            kind = Kind,
            state = State(settings),
            dueAt = DueAt(settings),
            by = settings.ResolveBy(Environment),
            reason = settings.Reason,
            expectedVersion = settings.ExpectedVersion,
            actionId = settings.ActionId,
            dryRun = settings.DryRun,
        };
        var answer = await api.PostAsync($"sagas/{Uri.EscapeDataString(settings.Type)}/{settings.Id}/actions", body).ConfigureAwait(false);
        return Print(api, answer, settings, result => Render(settings, result));
    }

    private void Render(TSettings settings, JsonElement result)
    {
        var saga = $"{settings.Type} {settings.Id}";
        var move = $"{result.Text("from")} → {result.Text("to")}";
        if (result.Flag("dryRun"))
        {
            Out.Line($"Dry run, nothing changed: {saga} would go {move}.");
        }
        else if (result.Flag("alreadyApplied"))
        {
            Out.Line($"Already applied: action {result.Text("actionId")} changed nothing this time; {saga} is in {result.Text("to")}.");
        }
        else
        {
            Out.Line($"{saga}: {move}, version {result.Text("version")} (action {result.Text("actionId")}).");
        }

        var verb = result.Flag("dryRun") ? "Would send" : "Sent";
        foreach (var sent in result.Items("sent"))
        {
            var destination = sent.Text("destination");
            Out.Line($"{verb} {sent.Text("type")}{(destination.Length > 0 ? " to " + destination : string.Empty)}.");
        }
    }
}

/// <summary>What every single-saga action takes: the saga, who and why, a dry run, the version it expects.</summary>
internal class SagaActionSettings : ActorSettings
{
    [CommandArgument(0, "<type>")]
    [Description("The saga type.")]
    public string Type { get; set; } = string.Empty;

    [CommandArgument(1, "<id>")]
    [Description("The saga's id.")]
    public Guid Id { get; set; }

    [CommandOption("--dry-run")]
    [Description("Show what would happen; change nothing.")]
    public bool DryRun { get; set; }

    [CommandOption("--expected-version <VERSION>")]
    [Description("Act only if the saga is still at this version (409 otherwise).")]
    public long? ExpectedVersion { get; set; }

    [CommandOption("--action-id <GUID>")]
    [Description("The action's id: sent again with the same id, it changes nothing twice.")]
    public Guid? ActionId { get; set; }

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Reason) ? ValidationResult.Error("--reason is required: say why, every action is recorded with its reason.") : ValidationResult.Success();
}

using System.ComponentModel;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SagaHub.Cli;

/// <summary><c>sagahub tasks [--assignee A]</c>: the open human tasks.</summary>
internal sealed class TasksCommand(CliEnvironment environment) : ApiCommand<TasksCommand.Settings>(environment)
{
    protected override async Task<int> RunAsync(ManagementClient api, Settings settings)
    {
        var answer = await api.GetAsync("tasks", [new("assignee", settings.Assignee)]).ConfigureAwait(false);
        return Print(api, answer, settings, Render);
    }

    private void Render(JsonElement tasks)
    {
        var rows = tasks.Items().ToList();
        if (rows.Count == 0)
        {
            Out.Line("No open tasks.");
            return;
        }

        var table = Tables.Create("Task!", "Name", "Saga", "State", "Assignee", "Due!", "Escalated");
        rows.ForEach(t => table.Row(
            t.Text("taskId"), t.Text("name"), $"{t.Text("sagaType")} {t.Text("sagaId")}", t.Text("state"), t.Text("assignee"), t.Time("dueAt"), t.Flag("escalated") ? "yes" : string.Empty));
        Out.Write(table);
    }

    /// <summary>The options of <c>tasks</c>.</summary>
    internal sealed class Settings : GlobalSettings
    {
        [CommandOption("--assignee <NAME>")]
        [Description("Only the tasks assigned to this person or role.")]
        public string? Assignee { get; set; }
    }
}

/// <summary><c>sagahub approve &lt;task-id&gt;</c> and <c>reject</c>: decides an open human task.</summary>
internal abstract class DecisionCommand(CliEnvironment environment) : ApiCommand<DecisionCommand.Settings>(environment)
{
    protected abstract string Decision { get; }

    protected override async Task<int> RunAsync(ManagementClient api, Settings settings)
    {
        var by = string.IsNullOrWhiteSpace(settings.By) ? Environment.UserName : settings.By;
        var answer = await api.PostAsync($"tasks/{settings.TaskId}/{Decision}", new { by, comment = settings.Comment }).ConfigureAwait(false);
        return Print(api, answer, settings, result => Out.Line($"Task {settings.TaskId}: {result.Text("decision")} by {result.Text("by")}."));
    }

    /// <summary>The arguments of <c>approve</c> and <c>reject</c>.</summary>
    internal sealed class Settings : GlobalSettings
    {
        [CommandArgument(0, "<task-id>")]
        [Description("The task's id (see tasks).")]
        public Guid TaskId { get; set; }

        [CommandOption("--by <NAME>")]
        [Description("Who decides. Default: the OS user name.")]
        public string? By { get; set; }

        [CommandOption("--comment <TEXT>")]
        [Description("A comment recorded with the decision.")]
        public string? Comment { get; set; }
    }
}

/// <summary><c>sagahub approve &lt;task-id&gt;</c>.</summary>
internal sealed class ApproveCommand(CliEnvironment environment) : DecisionCommand(environment)
{
    protected override string Decision => "approve";
}

/// <summary><c>sagahub reject &lt;task-id&gt;</c>.</summary>
internal sealed class RejectCommand(CliEnvironment environment) : DecisionCommand(environment)
{
    protected override string Decision => "reject";
}

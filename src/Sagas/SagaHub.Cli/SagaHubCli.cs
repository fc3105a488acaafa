using Spectre.Console;
using Spectre.Console.Cli;

namespace SagaHub.Cli;

/// <summary>The <c>sagahub</c> command line: its commands, help and exit codes.</summary>
internal static class SagaHubCli
{
    /// <summary>Runs one command line and returns its exit code (<see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(string[] args, CliEnvironment environment)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("sagahub");
            config.SetApplicationVersion(typeof(SagaHubCli).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");
            config.ConfigureConsole(environment.Out);
            config.Settings.Registrar.RegisterInstance(environment);
            config.SetHelpProvider(new CliHelpProvider(config.Settings));
            config.SetExceptionHandler((error, _) => Failed(error, environment));
            AddCommands(config);
        });

        return await app.RunAsync(args).ConfigureAwait(false);
    }

    private static void AddCommands(IConfigurator config)
    {
        config.AddCommand<ListCommand>("list").WithDescription("List sagas: by type, state, parked, stuck, overdue and search values.")
            .WithExample("list", "--parked").WithExample("list", "--type", "OrderSaga", "--search", "customer=c-1", "--all");
        config.AddCommand<ShowCommand>("show").WithDescription("Show one saga: state, data, what it waits for, allowed actions and its history as a timeline.")
            .WithExample("show", "OrderSaga", "3f2504e0-4f89-11d3-9a0c-0305e82c3301");
        config.AddCommand<ResumeCommand>("resume").WithDescription("Resume a parked or stuck saga (a parked one in the state it parked from, unless --state).")
            .WithExample("resume", "OrderSaga", "3f2504e0-4f89-11d3-9a0c-0305e82c3301", "--reason", "payments is back");
        config.AddCommand<MoveCommand>("move").WithDescription("Move a saga to another state.");
        config.AddCommand<CancelCommand>("cancel").WithDescription("Cancel a saga into a final state; its completed steps are undone.");
        config.AddCommand<FireDeadlineCommand>("fire-deadline").WithDescription("Make a saga's deadline come due now.");
        config.AddCommand<RescheduleCommand>("reschedule").WithDescription("Move a saga's deadline to another time.")
            .WithExample("reschedule", "OrderSaga", "3f2504e0-4f89-11d3-9a0c-0305e82c3301", "+2h", "--reason", "supplier called");
        config.AddCommand<BatchCommand>("batch").WithDescription("One action on every saga a filter matches, at most --cap of them.")
            .WithExample("batch", "resume", "--filter", "parked=true", "--filter", "type=OrderSaga", "--cap", "50", "--reason", "payments is back", "--dry-run");
        config.AddCommand<TasksCommand>("tasks").WithDescription("List the open human tasks.");
        config.AddCommand<ApproveCommand>("approve").WithDescription("Approve an open human task.");
        config.AddCommand<RejectCommand>("reject").WithDescription("Reject an open human task.");
        config.AddCommand<DeadLettersCommand>("dead-letters").WithDescription("List dead letters: messages that failed for good.");
        config.AddCommand<ReplayCommand>("replay").WithDescription("Send dead letters back to the queue they failed in.")
            .WithExample("replay", "--all", "--queue", "order-saga_error", "--reason", "bug fixed in 1.4.2");
        config.AddCommand<DeleteDeadLettersCommand>("delete-dead-letters").WithDescription("Delete dead letters for good.");
        config.AddCommand<AuditCommand>("audit").WithDescription("The operator audit: who replayed or deleted dead letters, why, and what it did.");
        config.AddCommand<DiagramCommand>("diagram").WithDescription("Print a saga type's diagram: Mermaid, or DOT with --dot.");
        config.AddCommand<CountsCommand>("counts").WithDescription("Count sagas per type and state, parked, overdue, and the outbox backlog.");
    }

    /// <summary>A command line Spectre could not parse or bind is a usage error (2); anything else failed in the tool (1).</summary>
    private static int Failed(Exception error, CliEnvironment environment)
    {
        if (error is CommandAppException usage)
        {
            if (usage.Pretty is { } pretty)
            {
                environment.Error.Write(pretty);
            }
            else
            {
                environment.WriteError("error: " + usage.Message);
            }

            environment.WriteError("Run sagahub --help, or sagahub <command> --help.");
            return ExitCodes.Usage;
        }

        environment.WriteError("error: " + error.Message);
        return ExitCodes.Refused;
    }
}

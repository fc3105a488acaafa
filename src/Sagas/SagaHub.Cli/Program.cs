using SagaHub.Cli;

return await SagaHubCli.RunAsync(args, CliEnvironment.FromProcess()).ConfigureAwait(false);

using SagaHub.Cli.Tests.Support;

namespace SagaHub.Cli.Tests;

public sealed class SagaHubCliTests
{
    [Fact]
    public async Task RunAsync_Help_ListsEveryCommandTheEnvironmentAndTheExitCodes()
    {
        var run = await CliRun.RunAsync(null, "--help");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        foreach (var command in new[] { "list", "show", "resume", "move", "cancel", "fire-deadline", "reschedule", "batch", "tasks", "approve", "reject", "dead-letters", "replay", "delete-dead-letters", "audit", "diagram", "counts" })
        {
            Assert.Matches($@"\n    {command}( |\n)", run.Out);
        }

        Assert.Contains("SAGAHUB_URL", run.Out, StringComparison.Ordinal);
        Assert.Contains("SAGAHUB_API_KEY", run.Out, StringComparison.Ordinal);
        Assert.All(ExitCodes.All, c => Assert.Matches($@"\n    {c.Code}  {System.Text.RegularExpressions.Regex.Escape(c.Meaning[..Math.Min(20, c.Meaning.Length)])}", run.Out));
    }

    [Fact]
    public async Task RunAsync_CommandHelp_ShowsTheGlobalOptionsAndExitCodes()
    {
        var run = await CliRun.RunAsync(null, "resume", "--help");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.All(new[] { "--url", "--prefix", "--api-key", "--json", "--reason", "--by", "--dry-run", "--expected-version", "--state" }, o => Assert.Contains(o, run.Out, StringComparison.Ordinal));
        Assert.Contains("EXIT CODES:", run.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("show", "RepairSaga", "not-a-guid")]
    [InlineData("show", "RepairSaga")]
    [InlineData("list", "--limit", "many")]
    [InlineData("list", "--search", "customer")]
    [InlineData("reschedule", "RepairSaga", "3f2504e0-4f89-11d3-9a0c-0305e82c3301", "next week", "--reason", "why")]
    [InlineData("batch", "explode", "--filter", "parked=true", "--cap", "1", "--reason", "why")]
    [InlineData("batch", "move", "--filter", "parked=true", "--cap", "1", "--reason", "why")]
    [InlineData("batch", "resume", "--cap", "1", "--reason", "why")]
    public async Task RunAsync_InvalidCommandLine_ReturnsUsageWithoutCallingTheApi(params string[] args)
    {
        var run = await CliRun.RunAsync(null, new Dictionary<string, string> { ["SAGAHUB_URL"] = "http://127.0.0.1:9" }, args);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.DoesNotContain("cannot reach", run.Error, StringComparison.Ordinal);
        Assert.Contains("Run sagahub --help", run.Error, StringComparison.Ordinal);
    }
}

using System.Diagnostics;
using SagaHub.IntegrationTests.Infrastructure;

namespace SagaHub.IntegrationTests;

/// <summary>A RabbitMQ virtual host of a test's own, made with rabbitmqctl (the local broker of scripts/infra-up.sh; needs root).</summary>
public static class RabbitVirtualHost
{
    public static async Task CreateAsync(string name)
    {
        await RunAsync("add_vhost", name);
        await RunAsync("set_permissions", "-p", name, IntegrationSettings.RabbitUser, ".*", ".*", ".*");
    }

    public static Task DeleteAsync(string name) => RunAsync("delete_vhost", name);

    private static async Task RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("rabbitmqctl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("rabbitmqctl did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }
}

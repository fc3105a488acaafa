using System.Diagnostics;

namespace SagaHub.Benchmarks;

/// <summary>Runs a command line tool and returns its output; a non-zero exit is an error naming the command.</summary>
internal static class Shell
{
    public static async Task<string> RunAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken, bool asRoot = false, IReadOnlyDictionary<string, string>? environment = null)
    {
        var needsSudo = asRoot && Environment.UserName != "root";
        var info = new ProcessStartInfo(needsSudo ? "sudo" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (needsSudo)
        {
            info.ArgumentList.Add("-n");
            info.ArgumentList.Add(file);
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true); // disposing a Process does not end it
            throw;
        }

        return process.ExitCode == 0
            ? await stdout
            : throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {(await stderr).Trim()}");
    }
}

/// <summary>One RabbitMQ virtual host per variant: nothing a variant declared (queues, bindings) reaches the next.</summary>
internal static class VirtualHosts
{
    public static async Task RecreateAsync(string vhost, string user, CancellationToken cancellationToken)
    {
        await DeleteAsync(vhost, cancellationToken);
        await Shell.RunAsync("rabbitmqctl", ["-q", "add_vhost", vhost], cancellationToken, asRoot: true);
        await Shell.RunAsync("rabbitmqctl", ["-q", "set_permissions", "-p", vhost, user, ".*", ".*", ".*"], cancellationToken, asRoot: true);
    }

    public static async Task DeleteAsync(string vhost, CancellationToken cancellationToken)
    {
        var list = await Shell.RunAsync("rabbitmqctl", ["-q", "list_vhosts"], cancellationToken, asRoot: true);
        if (list.Split('\n', StringSplitOptions.TrimEntries).Contains(vhost))
        {
            await Shell.RunAsync("rabbitmqctl", ["-q", "delete_vhost", vhost], cancellationToken, asRoot: true);
        }
    }
}

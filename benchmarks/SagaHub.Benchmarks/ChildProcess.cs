using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;

namespace SagaHub.Benchmarks;

/// <summary>
/// A service or host the benchmark starts: <c>dotnet program.dll</c> from the program's folder (so it finds
/// its appsettings.json), with its settings in the environment, its output in a log file, ready when it
/// logs the host's "Application started" line (the bus is started by then: the services wait for it).
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private const string ReadyMarker = "Application started";

    // Every child started and not yet disposed, for KillAll: the runner's last resort when it is told to stop at once.
    private static readonly ConcurrentDictionary<ChildProcess, byte> Live = new();
    private readonly Process process;
    private readonly StreamWriter log;
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock gate = new();
    private readonly Queue<string> tail = new();
    private readonly List<(string Fragment, TaskCompletionSource Seen)> watches = [];
    private bool closed;

    private ChildProcess(string name, Process process, StreamWriter log)
    {
        Name = name;
        this.process = process;
        this.log = log;
    }

    public string Name { get; }

    public int Pid => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>The exit code once the process exited, else null (also once this object was disposed).</summary>
    public int? ExitStatus
    {
        get
        {
            try
            {
                return process.HasExited ? process.ExitCode : null;
            }
            catch (InvalidOperationException)
            {
                return null; // disposed meanwhile (a restart replaced it)
            }
        }
    }

    /// <summary>Starts the program; <paramref name="environment"/> adds to (or overrides) this process's environment.</summary>
    public static ChildProcess Start(string name, string dll, IReadOnlyDictionary<string, string> environment, string logFile)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        var log = new StreamWriter(logFile, append: false) { AutoFlush = true };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process, log);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.Exited += (_, _) => child.ready.TrySetException(new InvalidOperationException(
            $"{name} exited with code {child.ExitCode()} before it was ready; last lines of {logFile}:{Environment.NewLine}{child.Tail()}"));
        try
        {
            if (!process.Start())
            {
                throw new InvalidOperationException($"Could not start {name} ({dll}).");
            }
        }
        catch
        {
            log.Dispose();
            process.Dispose();
            throw;
        }

        Live.TryAdd(child, 0);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits until the program said it started, it exited, or <paramref name="timeout"/> passed.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await ready.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{Name} was not ready after {timeout.TotalSeconds:0} s; last lines:{Environment.NewLine}{Tail()}");
        }
    }

    /// <summary>SIGTERM, then up to <paramref name="grace"/> for a clean stop, then SIGKILL.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (process.HasExited)
        {
            return;
        }

        // SIGTERM, so the host stops its bus cleanly (Process.Kill would be SIGKILL).
        using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    /// <summary>SIGKILL, no clean-up (a crash), then waits until the process is gone.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync(CancellationToken.None);
    }

    /// <summary>Completes when the process exits, by itself or otherwise.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken) => process.WaitForExitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        lock (gate)
        {
            if (closed)
            {
                return;
            }
        }

        await StopAsync(TimeSpan.FromSeconds(20));
        lock (gate)
        {
            closed = true;
            log.Dispose();
        }

        Live.TryRemove(this, out _);
        process.Dispose();
    }

    /// <summary>
    /// SIGKILLs every child (and its children) not yet disposed: for a runner that must exit now (a second Ctrl+C
    /// or SIGTERM), whose finally blocks will not run. Safe from any thread, also while a child is being disposed.
    /// </summary>
    public static void KillAll()
    {
        foreach (var child in Live.Keys)
        {
            try
            {
                child.process.Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is InvalidOperationException or Win32Exception)
            {
                // It exited (or was disposed) meanwhile.
            }
        }
    }

    /// <summary>The exit code, or "?" when it cannot be read (the Exited event can run after DisposeAsync disposed the process).</summary>
    private string ExitCode()
    {
        try
        {
            return process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }

    /// <summary>Completes when the process prints a line containing <paramref name="fragment"/> (from now on).</summary>
    public Task WhenSaysAsync(string fragment)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            watches.Add((fragment, seen));
        }

        return seen.Task;
    }

    public string Tail()
    {
        lock (gate)
        {
            return string.Join(Environment.NewLine, tail);
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (gate)
        {
            if (closed)
            {
                return;
            }

            log.WriteLine(line);
            foreach (var (fragment, seen) in watches)
            {
                if (line.Contains(fragment, StringComparison.Ordinal))
                {
                    seen.TrySetResult();
                }
            }

            tail.Enqueue(line);
            if (tail.Count > 30)
            {
                tail.Dequeue();
            }
        }

        if (line.Contains(ReadyMarker, StringComparison.Ordinal))
        {
            ready.TrySetResult();
        }
    }
}

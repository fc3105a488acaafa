using System.Runtime.InteropServices;

namespace SagaHub.Benchmarks;

/// <summary>
/// Ctrl+C and SIGTERM (a CI timeout, a kill) for a runner that starts child processes: the first signal cancels
/// <see cref="Token"/>, so the run unwinds through its finally blocks (its processes stopped) to its report; a second
/// one SIGKILLs every child still alive (<see cref="ChildProcess.KillAll"/>) and lets the signal end the runner.
/// Without this, SIGTERM ended the runner on the spot and left the services running.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly string name;
    private readonly CancellationTokenSource cancel = new();
    private readonly PosixSignalRegistration sigint;
    private readonly PosixSignalRegistration sigterm;
    private int exitCode;

    public StopSignals(string name)
    {
        this.name = name;
        sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => cancel.Token;

    /// <summary>130 after SIGINT, 143 after SIGTERM, 0 when no signal came.</summary>
    public int ExitCode => Volatile.Read(ref exitCode);

    public void Dispose()
    {
        sigint.Dispose();
        sigterm.Dispose();
        cancel.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.CompareExchange(ref exitCode, context.Signal == PosixSignal.SIGTERM ? 143 : 130, 0) == 0)
        {
            context.Cancel = true;
            Console.Error.WriteLine($"[{name}] {context.Signal}: stopping the run and its processes (again to kill them at once)");
            _ = cancel.CancelAsync(); // the callbacks run on the thread pool, not on the signal handler's thread
        }
        else
        {
            ChildProcess.KillAll();
        }
    }
}

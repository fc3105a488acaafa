using System.Diagnostics;
using OpenTelemetry;
using Xunit.Sdk;

namespace SagaHub.OrdersService.Tests;

/// <summary>
/// An OpenTelemetry processor that keeps every activity the tracer provider ends and wakes a waiter on each one, so a
/// test waits for a span by what it is, never by time.
/// </summary>
public sealed class ActivityRecorder : BaseProcessor<Activity>
{
    private readonly Lock gate = new();
    private readonly List<Activity> ended = [];
    private TaskCompletionSource next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<Activity> Ended
    {
        get
        {
            lock (gate)
            {
                return [.. ended];
            }
        }
    }

    public override void OnEnd(Activity data)
    {
        lock (gate)
        {
            ended.Add(data);
            next.TrySetResult();
            next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>The first ended activity that matches <paramref name="what"/>, waiting for it up to <paramref name="timeout"/>.</summary>
    public async Task<Activity> WaitForAsync(Func<Activity, bool> what, string description, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Task signal;
            lock (gate)
            {
                if (ended.FirstOrDefault(what) is { } found)
                {
                    return found;
                }

                signal = next.Task;
            }

            var remaining = timeout - clock.Elapsed;
            try
            {
                await signal.WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
            }
            catch (TimeoutException)
            {
                throw new XunitException($"waited {timeout} for {description}; ended: {string.Join("; ", Ended.Select(Describe))}");
            }
        }
    }

    public static string Describe(Activity a) =>
        $"{a.Source.Name} {a.Kind} '{a.DisplayName}' trace {a.TraceId} parent {a.ParentSpanId} [{string.Join(", ", a.TagObjects.Select(t => $"{t.Key}={t.Value}"))}]";
}

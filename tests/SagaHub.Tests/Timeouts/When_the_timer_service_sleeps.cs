using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace SagaHub.Tests;

/// <summary>
/// Between passes the timer service sleeps until the next deadline comes due, not a whole poll interval,
/// and a deadline this host sets that comes due sooner wakes it (the benchmark's timer lag was the poll interval).
/// </summary>
public class When_the_timer_service_sleeps
{
    private static readonly TimeSpan LongPoll = TimeSpan.FromHours(1);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Should_wake_when_the_next_deadline_is_due_before_the_poll_interval()
    {
        var timers = new CountingTimers(next: () => DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(50));
        using var service = new SagaTimerService(timers, TimeProvider.System, Poll(LongPoll), NullLogger<SagaTimerService>.Instance);

        await service.StartAsync(CancellationToken.None);
        await timers.Passes(2).WaitAsync(Patience);
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Should_wake_when_this_host_sets_a_deadline_due_before_it_means_to_wake()
    {
        var signal = new SagaTimerSignal();
        var timers = new CountingTimers(next: () => null);
        using var service = new SagaTimerService(timers, TimeProvider.System, Poll(LongPoll), NullLogger<SagaTimerService>.Instance, signal);
        await service.StartAsync(CancellationToken.None);
        await timers.Passes(1).WaitAsync(Patience);

        // Asleep already or about to be: either way the deadline cuts the hour short.
        signal.DeadlineSet(DateTimeOffset.UtcNow + TimeSpan.FromMinutes(1));

        await timers.Passes(2).WaitAsync(Patience);
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void Should_not_sleep_at_all_when_a_deadline_was_set_since_the_pass_began()
    {
        var signal = new SagaTimerSignal();
        signal.PassStarting();
        signal.DeadlineSet(DateTimeOffset.UtcNow + TimeSpan.FromSeconds(5));

        Assert.True(signal.WaitAsync(DateTimeOffset.UtcNow + TimeSpan.FromMinutes(1), CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task Should_not_wake_for_a_deadline_due_after_it_means_to_wake()
    {
        var signal = new SagaTimerSignal();
        var asleep = signal.WaitAsync(DateTimeOffset.UtcNow + TimeSpan.FromMinutes(1), CancellationToken.None);

        signal.DeadlineSet(DateTimeOffset.UtcNow + TimeSpan.FromMinutes(5));
        Assert.False(asleep.IsCompleted);

        signal.DeadlineSet(DateTimeOffset.UtcNow + TimeSpan.FromSeconds(5));
        await asleep.WaitAsync(Patience);
    }

    private static IOptions<SagaHubOptions> Poll(TimeSpan interval) => Options.Create(new SagaHubOptions { TimerPollInterval = interval });

    private sealed class CountingTimers(Func<DateTimeOffset?> next) : ISagaTimers
    {
        private readonly Lock gate = new();
        private readonly List<(int Count, TaskCompletionSource Done)> waiters = [];
        private int passes;

        public Task Passes(int count)
        {
            lock (gate)
            {
                if (passes >= count)
                {
                    return Task.CompletedTask;
                }

                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                waiters.Add((count, done));
                return done.Task;
            }
        }

        public Task<int> FireDueAsync(CancellationToken cancellationToken = default)
        {
            lock (gate)
            {
                passes++;
                foreach (var waiter in waiters.Where(w => w.Count <= passes).ToList())
                {
                    waiters.Remove(waiter);
                    waiter.Done.TrySetResult();
                }
            }

            return Task.FromResult(0);
        }

        public Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default) => Task.FromResult(next());
    }
}

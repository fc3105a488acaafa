using System.Data.Common;
using System.Net.Sockets;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace SagaHub.Tests;

/// <summary>
/// A database restart used to exhaust the consumer retry in about three seconds and dead-letter the messages in
/// flight (the fault suite's postgres-restart scenario). Infrastructure failures now get a second, slower tier.
/// </summary>
public sealed class When_a_failure_is_the_infrastructures
{
    [Theory]
    [InlineData(true, null)]
    [InlineData(false, "08006")]
    [InlineData(false, "57P01")]
    [InlineData(false, "57P03")]
    [InlineData(false, "53300")]
    public void Should_treat_a_database_exception_that_says_so_or_names_a_connection_state_as_transient(bool transient, string? state) =>
        Assert.True(RetryConfigurationExtensions.IsTransient(new FakeDbException(transient, state)));

    [Theory]
    [InlineData("23505")]
    [InlineData("42P01")]
    [InlineData(null)]
    public void Should_not_treat_a_database_exception_about_the_data_or_the_sql_as_transient(string? state) =>
        Assert.False(RetryConfigurationExtensions.IsTransient(new FakeDbException(false, state)));

    [Fact]
    public void Should_find_it_inside_wrapping_and_aggregate_exceptions()
    {
        Assert.True(RetryConfigurationExtensions.IsTransient(new InvalidOperationException("EF", new FakeDbException(true, null))));
        Assert.True(RetryConfigurationExtensions.IsTransient(new AggregateException(new ArgumentException("a"), new InvalidOperationException("b", new TimeoutException()))));
        Assert.True(RetryConfigurationExtensions.IsTransient(new IOException("read", new SocketException())));
        Assert.False(RetryConfigurationExtensions.IsTransient(new InvalidOperationException("a bug", new ArgumentException("no"))));
    }

    [Fact]
    public async Task Should_let_a_consumer_outlast_a_database_that_is_down_for_longer_than_its_retry()
    {
        // The configured policy allows 3 attempts, the second tier 5 more; the database is "down" for 7.
        var (consumed, attempts) = await RunAsync(failures: 7, transient: true, transientRetryLimit: 5);

        Assert.True(consumed);
        Assert.Equal(8, attempts);
    }

    [Fact]
    public async Task Should_fault_the_message_in_the_same_outage_without_the_second_tier()
    {
        var (consumed, attempts) = await RunAsync(failures: 7, transient: true, transientRetryLimit: 0);

        Assert.False(consumed);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task Should_give_any_other_failure_the_configured_retry_only()
    {
        var (consumed, attempts) = await RunAsync(failures: 7, transient: false, transientRetryLimit: 5);

        Assert.False(consumed);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task Should_try_a_message_at_most_MaxAttemptsWhenTransient_times_in_an_outage_that_does_not_end()
    {
        var (consumed, attempts) = await RunAsync(failures: 1000, transient: true, transientRetryLimit: 4);

        Assert.False(consumed);
        Assert.Equal(new RetryOptions { RetryLimit = 2, TransientRetryLimit = 4 }.MaxAttemptsWhenTransient, attempts);
        Assert.Equal(7, attempts); // 1 + 2 retries + 4 more: each second-tier retry is one attempt, not the policy again
    }

    [Fact]
    public void Should_say_the_bounds_with_the_defaults()
    {
        var defaults = new RetryOptions();

        Assert.Equal((6, 14), (defaults.MaxAttempts, defaults.MaxAttemptsWhenTransient));
    }

    [Fact]
    public void Should_validate_the_second_tier()
    {
        var error = Assert.Throws<SagaConfigurationException>(() => new RetryOptions { TransientMinInterval = TimeSpan.FromSeconds(2), TransientMaxInterval = TimeSpan.FromSeconds(1) }.Validate("flaky"));
        Assert.Contains("TransientMinInterval <= TransientMaxInterval", error.Message, StringComparison.Ordinal);
        Assert.Throws<SagaConfigurationException>(() => new RetryOptions { TransientRetryLimit = -1 }.Validate("flaky"));
    }

    private static async Task<(bool Consumed, int Attempts)> RunAsync(int failures, bool transient, int transientRetryLimit)
    {
        var retry = new RetryOptions
        {
            RetryLimit = 2,
            MinInterval = TimeSpan.Zero,
            MaxInterval = TimeSpan.FromMilliseconds(2),
            IntervalDelta = TimeSpan.FromMilliseconds(1),
            TransientRetryLimit = transientRetryLimit,
            TransientMinInterval = TimeSpan.Zero,
            TransientMaxInterval = TimeSpan.FromMilliseconds(2),
            TransientIntervalDelta = TimeSpan.FromMilliseconds(1),
        };
        var flaky = new Flaky(failures, transient);
        var services = new ServiceCollection();
        services.AddSingleton(flaky);
        services.AddMassTransit(x =>
        {
            x.AddConsumer<FlakyConsumer>((_, c) => c.UseSagaHubRetry(retry, "flaky")).Endpoint(e => e.Name = "flaky-" + Guid.NewGuid().ToString("N"));
            x.AddConsumer<FaultObserver>();
            x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
        });
        await using var provider = services.BuildServiceProvider();
        var bus = provider.GetRequiredService<IBusControl>();
        await bus.StartAsync();
        try
        {
            await bus.Publish(new Poke(Guid.NewGuid()));
            var consumed = await flaky.Ended.WaitAsync(TimeSpan.FromSeconds(30));
            return (consumed, flaky.Attempts);
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    public sealed record Poke(Guid Id);

    private sealed class Flaky(int failures, bool transient)
    {
        private readonly TaskCompletionSource<bool> ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int attempts;

        public int Attempts => Volatile.Read(ref attempts);

        public Task<bool> Ended => ended.Task;

        public void Attempt()
        {
            if (Interlocked.Increment(ref attempts) <= failures)
            {
                throw transient ? new FakeDbException(true, "57P03") : new FormatException("not transient");
            }

            ended.TrySetResult(true);
        }

        public void Faulted() => ended.TrySetResult(false);
    }

    private sealed class FlakyConsumer(Flaky flaky) : IConsumer<Poke>
    {
        public Task Consume(ConsumeContext<Poke> context)
        {
            flaky.Attempt();
            return Task.CompletedTask;
        }
    }

    private sealed class FaultObserver(Flaky flaky) : IConsumer<Fault<Poke>>
    {
        public Task Consume(ConsumeContext<Fault<Poke>> context)
        {
            flaky.Faulted();
            return Task.CompletedTask;
        }
    }

    private sealed class FakeDbException(bool transient, string? state) : DbException("database says no")
    {
        public override bool IsTransient => transient;

        public override string? SqlState => state;
    }
}

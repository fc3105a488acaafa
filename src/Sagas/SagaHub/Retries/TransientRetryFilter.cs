using MassTransit;

namespace SagaHub;

/// <summary>
/// The second tier of <see cref="RetryOptions"/>: on the configured retry's last attempt, an infrastructure failure is
/// retried up to <see cref="RetryOptions.TransientRetryLimit"/> more times, with growing waits.
/// </summary>
/// <remarks>
/// It runs inside the consumer, after the consumer's retry, so a message that succeeds in the end publishes no fault;
/// one that does not faults once.
/// </remarks>
/// <typeparam name="TConsumer">The consumer.</typeparam>
internal sealed class TransientRetryFilter<TConsumer>(RetryOptions options) : IFilter<ConsumerConsumeContext<TConsumer>>
    where TConsumer : class
{
    public async Task Send(ConsumerConsumeContext<TConsumer> context, IPipe<ConsumerConsumeContext<TConsumer>> next)
    {
        if (context.GetRetryAttempt() < options.RetryLimit)
        {
            await next.Send(context).ConfigureAwait(false);
            return;
        }

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await next.Send(context).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (attempt < options.TransientRetryLimit && RetryConfigurationExtensions.IsTransient(e) && !context.CancellationToken.IsCancellationRequested)
            {
                // Stopping the bus cancels the wait; the message is then not acknowledged and comes back later.
                await Task.Delay(Delay(attempt), context.CancellationToken).ConfigureAwait(false);
            }
        }
    }

    public void Probe(ProbeContext context) => context?.CreateFilterScope("sagahubTransientRetry");

    /// <summary>Min + delta x 2^attempt, at most max, with ±20 % jitter so that many messages failing together spread out.</summary>
    private TimeSpan Delay(int attempt)
    {
        var step = options.TransientIntervalDelta.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 20));
        var wait = Math.Min(options.TransientMaxInterval.TotalMilliseconds, options.TransientMinInterval.TotalMilliseconds + step);
#pragma warning disable CA5394 // Jitter, not security.
        return TimeSpan.FromMilliseconds(wait * (0.8 + (Random.Shared.NextDouble() * 0.4)));
#pragma warning restore CA5394
    }
}

using System.Data.Common;
using System.Net.Sockets;
using MassTransit;

namespace SagaHub;

/// <summary>Applies <see cref="RetryOptions"/> to a MassTransit receive endpoint.</summary>
public static class RetryConfigurationExtensions
{
    /// <summary>
    /// Retries failed messages on this endpoint with bounded exponential back-off and jitter, and fails at once on the
    /// non-retryable exception types (and on SagaHub's own: an unknown saga, a broken definition).
    /// </summary>
    /// <remarks>
    /// After the last retry MassTransit moves the message to the endpoint's <c>_error</c> queue and publishes a
    /// <see cref="Fault{T}"/>, which a saga can handle.
    /// </remarks>
    /// <param name="endpoint">The endpoint to configure.</param>
    /// <param name="options">The retry settings; validated here.</param>
    /// <param name="owner">The saga or consumer name, for error messages.</param>
    public static void UseSagaHubRetry(this IReceiveEndpointConfigurator endpoint, RetryOptions options, string owner)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(owner);
        endpoint.UseMessageRetry(r => Apply(r, options, owner));
    }

    /// <summary>
    /// The consumer's retry: the configured policy, and inside it <see cref="TransientRetryFilter{TConsumer}"/>, which on
    /// the policy's last attempt waits out an infrastructure failure (<see cref="IsTransient"/>) before the message faults.
    /// </summary>
    internal static void UseSagaHubRetry<TConsumer>(this IConsumerConfigurator<TConsumer> consumer, RetryOptions options, string owner)
        where TConsumer : class
    {
        options.Validate(owner);
        consumer.UseMessageRetry(r => Apply(r, options, owner));
        if (options.TransientRetryLimit > 0)
        {
            consumer.UseFilter(new TransientRetryFilter<TConsumer>(options));
        }
    }

    /// <summary>
    /// Whether a failure is the infrastructure's and worth waiting for, judged on the exception and all its inner exceptions.
    /// </summary>
    /// <remarks>
    /// That is a <see cref="DbException"/> that says it is transient or whose SQLSTATE is a connection error (08…), a
    /// shutdown or "cannot connect now" (57P01–57P03) or insufficient resources (53…); a <see cref="TimeoutException"/>;
    /// or a <see cref="SocketException"/>.
    /// </remarks>
    /// <param name="exception">The failure.</param>
    /// <returns>True when a later retry may succeed without any change to the message.</returns>
    public static bool IsTransient(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return AnyInChain(exception, static current => current switch
        {
            DbException db => db.IsTransient || db.SqlState is { } state && (state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("53", StringComparison.Ordinal) || state is "57P01" or "57P02" or "57P03"),
            TimeoutException or SocketException => true,
            _ => false,
        });
    }

    /// <summary>Whether the exception, or any exception inside it (inner exceptions, every one of an <see cref="AggregateException"/>), matches.</summary>
    internal static bool AnyInChain(Exception exception, Func<Exception, bool> match)
    {
        var pending = new Stack<Exception>([exception]);
        while (pending.TryPop(out var current))
        {
            if (match(current))
            {
                return true;
            }

            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (current.InnerException is { } next)
            {
                pending.Push(next);
            }
        }

        return false;
    }

    internal static void Apply(IRetryConfigurator retry, RetryOptions options, string owner)
    {
        options.Validate(owner);
        var ignored = options.NonRetryable.Concat(SagaExceptions.NeverRetried).Distinct().ToArray();
        if (options.RetryLimit == 0)
        {
            retry.None();
        }
        else
        {
            retry.Exponential(options.RetryLimit, options.MinInterval, options.MaxInterval, options.IntervalDelta);
        }

        // An infrastructure failure is retried even when wrapped in an ignored type (EF Core reports some as InvalidOperationException).
        retry.Ignore<Exception>(e => !IsTransient(e) && ignored.Any(t => t.IsInstanceOfType(e)));
    }
}

using MassTransit;

namespace SagaHub;

/// <summary>Applies <see cref="RetryOptions"/> to a MassTransit receive endpoint.</summary>
public static class RetryConfigurationExtensions
{
    /// <summary>
    /// Retries failed messages on this endpoint with bounded exponential back-off and jitter, and
    /// fails at once on the non-retryable exception types (and on SagaHub's own: an unknown saga,
    /// a broken definition). After the last retry MassTransit moves the message to the endpoint's
    /// <c>_error</c> queue and publishes a <see cref="Fault{T}"/>, which a saga can handle.
    /// </summary>
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

        retry.Ignore(ignored);
    }
}

using System.Runtime.CompilerServices;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SagaHub;

/// <summary>
/// The size limit of saga and service endpoints (<see cref="SagaEndpointOptions.MaxMessageSize"/>,
/// <see cref="ServiceEndpointOptions.MaxMessageSize"/>): a larger body faults with <see cref="MessageTooLargeException"/>.
/// </summary>
/// <remarks>
/// It is the first filter of the endpoint's consume pipe: before the message is deserialized into its type, before any
/// consumer and outside every retry.
/// </remarks>
public static class MessageSizeLimit
{
    /// <summary>The default limit: 256 KiB.</summary>
    public const int DefaultMaxMessageSize = 256 * 1024;

    // One filter per endpoint: every consumer of a saga (one per message type) configures the same endpoint.
    private static readonly ConditionalWeakTable<IReceiveEndpointConfigurator, object> Applied = new();

    internal static void Validate(int? limit, string owner)
    {
        if (limit is <= 0)
        {
            throw new SagaConfigurationException($"'{owner}': MaxMessageSize must be positive (bytes) or null for no limit, was {limit}.");
        }
    }

    internal static void Apply(IReceiveEndpointConfigurator endpoint, int? limit, string owner, IServiceProvider services)
    {
        if (limit is not { } bytes || !Applied.TryAdd(endpoint, owner))
        {
            return;
        }

        var logger = services.GetService<ILoggerFactory>()?.CreateLogger(typeof(MessageSizeLimit)) ?? NullLogger.Instance;
        endpoint.UseFilter(new MessageSizeLimitFilter(owner, bytes, logger));
    }
}

/// <summary>Faults a message whose body is over the limit; passes every other one on.</summary>
internal sealed class MessageSizeLimitFilter(string owner, int limit, ILogger logger) : IFilter<ConsumeContext>
{
    public Task Send(ConsumeContext context, IPipe<ConsumeContext> next)
    {
        var body = context.ReceiveContext.Body;
        var size = body.Length ?? body.GetBytes().LongLength;
        if (size > limit)
        {
            Log.TooLarge(logger, owner, context.MessageId, size, limit);
            throw new MessageTooLargeException(owner, context.MessageId, size, limit);
        }

        return next.Send(context);
    }

    public void Probe(ProbeContext context)
    {
        var scope = context.CreateFilterScope("messageSizeLimit");
        scope.Add("limit", limit);
    }
}

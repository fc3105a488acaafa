using System.Globalization;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SagaHub.ServiceDefaults;

/// <summary>
/// Faults a service process injects into itself, for the fault suite (<c>scripts/faults.sh</c>); configuration section
/// <see cref="SectionName"/>. Every fault is off unless configured; never configure them in production.
/// </summary>
public sealed class FaultInjectionOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Faults";

    /// <summary>
    /// Every message this process receives is delivered twice (<c>Faults:DuplicateDeliveries</c>): before a message
    /// is consumed, a copy with the same message id is sent to the same queue, so the copy races the original on
    /// the process's other consumers (or other processes on the queue). Inboxes must make the copy harmless.
    /// </summary>
    /// <value>Defaults to <see langword="false"/>.</value>
    public bool DuplicateDeliveries { get; set; }

    /// <summary>
    /// The process kills itself (SIGKILL, no clean-up) right after its Nth saga commit that has messages to send, after
    /// the database commit and before those messages are dispatched (<c>Faults:CrashAfterCommits</c>). The outbox sweep
    /// of the next process up must deliver them. Read by hosts of sagas.
    /// </summary>
    /// <value>Defaults to <see langword="null"/>: never.</value>
    public int? CrashAfterCommits { get; set; }

    /// <summary>Whether any fault is configured.</summary>
    public bool Any => DuplicateDeliveries || CrashAfterCommits is not null;

    /// <summary>Reads and validates the <see cref="SectionName"/> section.</summary>
    /// <param name="configuration">The application's configuration (the root, not the section).</param>
    /// <returns>The options; every fault off for missing keys.</returns>
    /// <exception cref="OptionsValidationException">A value is invalid; the message names its key.</exception>
    public static FaultInjectionOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = OptionsBinding.Bind<FaultInjectionOptions>(configuration.GetSection(SectionName));
        if (options.CrashAfterCommits is < 1)
        {
            throw new OptionsValidationException(SectionName, typeof(FaultInjectionOptions), [string.Create(CultureInfo.InvariantCulture,
                $"{SectionName}:{nameof(CrashAfterCommits)} must be 1 or more (was {options.CrashAfterCommits}).")]);
        }

        return options;
    }
}

/// <summary>
/// <see cref="FaultInjectionOptions.DuplicateDeliveries"/>: sends a copy of every consumed message (same message id,
/// correlation and conversation ids, headers) to the queue it came from, then consumes the original. A copy carries
/// <see cref="CopyHeader"/> and is not copied again.
/// </summary>
/// <typeparam name="T">The message type.</typeparam>
/// <param name="logger">Where each copy is logged at debug level.</param>
public sealed class DuplicateDeliveryFilter<T>(ILogger<DuplicateDeliveryFilter<T>> logger) : IFilter<ConsumeContext<T>>
    where T : class
{
    /// <summary>The header that marks a copy.</summary>
    public const string CopyHeader = "SagaHub-Fault-Copy";

    /// <inheritdoc />
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!context.Headers.TryGetHeader(CopyHeader, out _))
        {
            var endpoint = await context.GetSendEndpoint(context.ReceiveContext.InputAddress).ConfigureAwait(false);
            await endpoint.Send(context.Message, copy =>
            {
                foreach (var header in context.Headers.GetAll())
                {
                    copy.Headers.Set(header.Key, header.Value);
                }

                copy.MessageId = context.MessageId;
                copy.CorrelationId = context.CorrelationId;
                copy.ConversationId = context.ConversationId;
                copy.InitiatorId = context.InitiatorId;
                copy.Headers.Set(CopyHeader, "1");
            }, context.CancellationToken).ConfigureAwait(false);
            logger.DuplicateSent(typeof(T).Name, context.MessageId, context.ReceiveContext.InputAddress);
        }

        await next.Send(context).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Probe(ProbeContext context) => context?.CreateFilterScope("sagahubDuplicateDelivery");
}

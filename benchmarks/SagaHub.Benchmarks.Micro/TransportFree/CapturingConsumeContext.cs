using MassTransit;
using MassTransit.Context;
using MassTransit.Metadata;
using MassTransit.Serialization;

namespace SagaHub.Benchmarks.Micro.TransportFree;

/// <summary>
/// The consume context of one message that arrived without a transport: the message, its id, the
/// receive context's endpoints; no envelope, no headers. Built once per raised event, as a receive
/// endpoint builds one per delivered message.
/// </summary>
/// <typeparam name="TMessage">The message type.</typeparam>
internal sealed class CapturingConsumeContext<TMessage> : DeserializerConsumeContext, ConsumeContext<TMessage>
    where TMessage : class
{
    private static readonly string[] MessageTypes = [MessageUrn.ForTypeString<TMessage>()];

    public CapturingConsumeContext(CapturingReceiveContext receive, TMessage message, Guid messageId)
        : base(receive, null!) // no serializer: the message is already an object
    {
        Message = message;
        MessageId = messageId;
        DestinationAddress = receive.InputAddress;
    }

    public TMessage Message { get; }

    public override Guid? MessageId { get; }

    public override Guid? RequestId => null;

    public override Guid? CorrelationId => null;

    public override Guid? ConversationId => MessageId;

    public override Guid? InitiatorId => null;

    public override DateTime? ExpirationTime => null;

    public override Uri SourceAddress => null!;

    public override Uri DestinationAddress { get; }

    public override Uri ResponseAddress => null!; // no response, no fault address: as for a published event

    public override Uri FaultAddress => null!;

    public override DateTime? SentTime => null;

    public override Headers Headers => EmptyHeaders.Instance;

    public override HostInfo Host => HostMetadataCache.Host;

    public override IEnumerable<string> SupportedMessageTypes => MessageTypes;

    public override bool HasMessageType(Type messageType) => messageType?.IsAssignableFrom(typeof(TMessage)) == true;

    public override bool TryGetMessage<T>(out ConsumeContext<T> consumeContext)
    {
        consumeContext = (this as ConsumeContext<T>)!;
        return consumeContext is not null;
    }

    public Task NotifyConsumed(TimeSpan duration, string consumerType) => Task.CompletedTask;

    public Task NotifyFaulted(TimeSpan duration, string consumerType, Exception exception) => Task.CompletedTask;
}

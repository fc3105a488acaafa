namespace SagaHub;

/// <summary>A message a transition sends or publishes, kept until the saga's state is saved.</summary>
/// <param name="MessageId">Its id, fixed before the save, so downstream inboxes dedupe a re-dispatch.</param>
/// <param name="MessageType">The CLR type it is sent as.</param>
/// <param name="Message">The message.</param>
/// <param name="Destination">The queue for a command; <c>null</c> for a published event.</param>
public sealed record OutgoingMessage(Guid MessageId, Type MessageType, object Message, string? Destination)
{
    /// <summary>Whether it is published (an event) rather than sent (a command).</summary>
    public bool IsPublish => Destination is null;
}

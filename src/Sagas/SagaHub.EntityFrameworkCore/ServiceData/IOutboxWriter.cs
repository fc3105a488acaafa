namespace SagaHub.EntityFrameworkCore;

/// <summary>Collects the messages a consumer produces; they are written to the outbox in its transaction.</summary>
public interface IOutboxWriter
{
    /// <summary>Publishes an event once the transaction commits.</summary>
    /// <typeparam name="T">The event type.</typeparam>
    /// <param name="message">The event.</param>
    void Publish<T>(T message)
        where T : class;

    /// <summary>Sends a command to a queue once the transaction commits.</summary>
    /// <typeparam name="T">The command type.</typeparam>
    /// <param name="queue">The destination queue.</param>
    /// <param name="message">The command.</param>
    void Send<T>(string queue, T message)
        where T : class;
}

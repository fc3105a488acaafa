namespace SagaHub;

/// <summary>An undo command registered by a completed step, waiting on the saga's compensation stack.</summary>
/// <param name="Step">The trigger of the step it undoes.</param>
/// <param name="MessageType">The command's type name (full name).</param>
/// <param name="Payload">The command, serialized as JSON.</param>
/// <param name="Destination">The queue it is sent to.</param>
public sealed record PendingCompensation(string Step, string MessageType, string Payload, string Destination);

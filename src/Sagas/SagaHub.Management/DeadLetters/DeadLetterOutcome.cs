namespace SagaHub.Management;

/// <summary>What a replay or delete did with one message, or with an id it did not find.</summary>
/// <param name="Id">The id asked for or found.</param>
/// <param name="Result">What happened.</param>
/// <param name="Message">The message, when one was found.</param>
/// <param name="Detail">Why it failed, when it did.</param>
public sealed record DeadLetterOutcome(string Id, DeadLetterResult Result, DeadLetter? Message = null, string? Detail = null);

namespace SagaHub.Faults.BadInput;

/// <summary>
/// One bad input the runner sent while the load ran, and where it was found afterwards.
/// </summary>
/// <param name="Case">What was sent, e.g. "malformed JSON on order-saga" or "POST /orders, quantity 0".</param>
/// <param name="Expected">Where it must end, e.g. "order-saga_error, MT-Fault-ExceptionType SerializationException" or "400 lines[0].quantity".</param>
/// <param name="Actual">Where it was found (or "not found").</param>
/// <param name="Accounted">True when <paramref name="Actual"/> is what <paramref name="Expected"/> says.</param>
internal sealed record BadInputOutcome(string Case, string Expected, string Actual, bool Accounted);

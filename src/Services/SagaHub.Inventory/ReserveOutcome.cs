namespace SagaHub.Inventory;

/// <summary>What <see cref="InventoryStore.ReserveAsync"/> did.</summary>
public enum ReserveOutcome
{
    /// <summary>Every line was reserved now.</summary>
    Reserved,

    /// <summary>The order already held its reservation; nothing changed.</summary>
    AlreadyReserved,

    /// <summary>A line could not be reserved; nothing changed.</summary>
    Unavailable,
}

/// <summary>The result of a reservation: the outcome and, when unavailable, the SKU and why.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Sku">The SKU that could not be reserved; empty otherwise.</param>
/// <param name="Reason">Why it could not be reserved; empty otherwise.</param>
public readonly record struct ReserveResult(ReserveOutcome Outcome, string Sku, string Reason)
{
    internal static ReserveResult Done(ReserveOutcome outcome) => new(outcome, string.Empty, string.Empty);

    internal static ReserveResult Unavailable(string sku, string reason) => new(ReserveOutcome.Unavailable, sku, reason);
}

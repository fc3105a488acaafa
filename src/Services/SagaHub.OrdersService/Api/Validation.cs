using System.Globalization;
using SagaHub.Contracts.Orders;

namespace SagaHub.OrdersService.Api;

/// <summary>The request rules; each error is keyed by the JSON path of the field (<c>lines[0].quantity</c>).</summary>
internal static class Validation
{
    public static ValidationErrors Order(CreateOrderRequest request, OrdersApiOptions options)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(request.CustomerId))
        {
            errors.Add("customerId", "The customer id is required.");
        }

        if (request.Lines is not { Count: > 0 } lines)
        {
            errors.Add("lines", "At least one line is required.");
            return errors;
        }

        if (lines.Count > options.MaxLines)
        {
            errors.Add("lines", Invariant($"At most {options.MaxLines} lines are allowed; the order has {lines.Count}."));
            return errors;
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var path = Invariant($"lines[{i}]");
            if (lines[i] is not { } line)
            {
                errors.Add(path, "The line must be an object.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(line.Sku))
            {
                errors.Add(path + ".sku", "The SKU is required.");
            }
            else if (!options.KnownSkus.Contains(line.Sku, StringComparer.Ordinal))
            {
                errors.Add(path + ".sku", Invariant($"Unknown SKU '{Shorten(line.Sku)}'; known SKUs: {string.Join(", ", options.KnownSkus)}."));
            }

            switch (line.Quantity)
            {
                case null:
                    errors.Add(path + ".quantity", "The quantity is required.");
                    break;
                case <= 0:
                    errors.Add(path + ".quantity", "The quantity must be at least 1.");
                    break;
                case var quantity when quantity > options.MaxQuantity:
                    errors.Add(path + ".quantity", Invariant($"The quantity must be at most {options.MaxQuantity}."));
                    break;
            }

            switch (line.UnitPrice)
            {
                case null:
                    errors.Add(path + ".unitPrice", "The unit price is required.");
                    break;
                case < 0:
                    errors.Add(path + ".unitPrice", "The unit price must be 0 or more.");
                    break;
                case var price when price > options.MaxUnitPrice:
                    errors.Add(path + ".unitPrice", Invariant($"The unit price must be at most {options.MaxUnitPrice:0.00}."));
                    break;
            }
        }

        return errors;
    }

    /// <summary>
    /// The rules that need no order; the amount's upper bound (the order total) and the returned lines against the
    /// order's lines (<see cref="ReturnedLines"/>) are checked once the order is loaded.
    /// </summary>
    public static ValidationErrors Refund(CreateRefundRequest request, OrdersApiOptions options)
    {
        var errors = new ValidationErrors();
        switch (request.Amount)
        {
            case null:
                errors.Add("amount", "The amount is required.");
                break;
            case <= 0:
                errors.Add("amount", "The amount must be more than 0.");
                break;
        }

        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            errors.Add("reason", "A reason is required.");
        }

        var lines = request.Lines ?? [];
        if (lines.Count > options.MaxLines)
        {
            errors.Add("lines", Invariant($"At most {options.MaxLines} returned lines are allowed; the refund has {lines.Count}."));
            return errors;
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var path = Invariant($"lines[{i}]");
            if (lines[i] is not { } line)
            {
                errors.Add(path, "The line must be an object.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(line.Sku))
            {
                errors.Add(path + ".sku", "The SKU is required.");
            }

            switch (line.Quantity)
            {
                case null:
                    errors.Add(path + ".quantity", "The quantity is required.");
                    break;
                case <= 0:
                    errors.Add(path + ".quantity", "The quantity must be at least 1.");
                    break;
            }
        }

        return errors;
    }

    /// <summary>
    /// The returned lines against the order (after <see cref="Refund"/> passed): each SKU must be a line of the order,
    /// and the quantities returned of a SKU, summed over the request's lines, at most the quantity ordered of it. The
    /// error is keyed by the line that breaks the rule. Returns the lines to restock, priced as ordered.
    /// </summary>
    public static List<OrderLine> ReturnedLines(CreateRefundRequest request, Guid orderId, IReadOnlyList<OrderLine> ordered, ValidationErrors errors)
    {
        var orderedBySku = ordered.GroupBy(l => l.Sku, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (Quantity: g.Sum(l => l.Quantity), UnitPrice: g.First().UnitPrice), StringComparer.Ordinal);
        var returnedBySku = new Dictionary<string, int>(StringComparer.Ordinal);
        var returned = new List<OrderLine>();
        var lines = request.Lines ?? [];
        for (var i = 0; i < lines.Count; i++)
        {
            var path = Invariant($"lines[{i}]");
            var (sku, quantity) = (lines[i]!.Sku!, lines[i]!.Quantity!.Value);
            if (!orderedBySku.TryGetValue(sku, out var line))
            {
                errors.Add(path + ".sku", Invariant($"SKU '{Shorten(sku)}' is not a line of order {orderId}; its SKUs: {string.Join(", ", orderedBySku.Keys)}."));
                continue;
            }

            var before = returnedBySku.GetValueOrDefault(sku);
            if ((long)before + quantity > line.Quantity)
            {
                errors.Add(path + ".quantity", before == 0
                    ? Invariant($"The quantity returned of {sku}, {quantity}, is more than the {line.Quantity} ordered.")
                    : Invariant($"The quantity returned of {sku}, {quantity} after {before} on the lines before it, is more than the {line.Quantity} ordered."));
                continue;
            }

            returnedBySku[sku] = before + quantity;
            returned.Add(new OrderLine(sku, quantity, line.UnitPrice));
        }

        return returned;
    }

    public static ValidationErrors Decision(TaskDecisionRequest request)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(request.By))
        {
            errors.Add("by", "Who decides ('by') is required.");
        }

        return errors;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Echoes at most 64 characters of client input back in a message.</summary>
    private static string Shorten(string value) => value.Length <= 64 ? value : value[..64] + "…";
}

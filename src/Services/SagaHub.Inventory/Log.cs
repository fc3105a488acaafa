using Microsoft.Extensions.Logging;

namespace SagaHub.Inventory;

internal static partial class Log
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Reserved stock for order {OrderId} ({LineCount} lines)")]
    public static partial void StockReserved(this ILogger logger, Guid orderId, int lineCount);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "Order {OrderId} already holds its reservation; republishing StockReserved")]
    public static partial void StockAlreadyReserved(this ILogger logger, Guid orderId);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Stock unavailable for order {OrderId}: SKU {Sku}, {Reason}")]
    public static partial void StockUnavailable(this ILogger logger, Guid orderId, string sku, string reason);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Released stock of order {OrderId} (anything released: {Released})")]
    public static partial void StockReleased(this ILogger logger, Guid orderId, bool released);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Information, Message = "Restocked refund {RefundId} of order {OrderId} (first time: {FirstTime})")]
    public static partial void ItemsRestocked(this ILogger logger, Guid refundId, Guid orderId, bool firstTime);
}

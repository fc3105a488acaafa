using Microsoft.Extensions.Logging;

namespace SagaHub.Shipping;

internal static partial class Log
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Shipped order {OrderId} as {TrackingNumber} (first time: {FirstTime})")]
    public static partial void OrderShipped(this ILogger logger, Guid orderId, string trackingNumber, bool firstTime);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Could not ship order {OrderId}: {Reason}")]
    public static partial void ShipmentFailed(this ILogger logger, Guid orderId, string reason);
}

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SagaHub.Management;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "Management API refused {Method} {Path}: {Problem} (from {RemoteAddress})")]
    public static partial void Refused(ILogger logger, string method, PathString path, string problem, string? remoteAddress);
}

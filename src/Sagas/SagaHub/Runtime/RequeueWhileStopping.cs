using System.Runtime.CompilerServices;
using MassTransit;
using MassTransit.Middleware;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SagaHub;

/// <summary>
/// The error pipe of saga and service endpoints: a message that failed because its process is stopping goes back to the
/// broker; every other failure takes MassTransit's default error pipe (<see cref="Fault{T}"/>, then <c>_error</c>).
/// </summary>
/// <remarks>
/// Stopping means that <see cref="IHostApplicationLifetime.ApplicationStopping"/> has fired, or that an
/// <see cref="ObjectDisposedException"/> is anywhere in the failure (the container disposed under the consumer).
/// </remarks>
internal static class RequeueWhileStopping
{
    // One error pipe per endpoint: every consumer of a saga (one per message type) configures the same endpoint.
    private static readonly ConditionalWeakTable<IReceiveEndpointConfigurator, object> Applied = new();

    internal static void Apply(IReceiveEndpointConfigurator endpoint, string owner, IServiceProvider services)
    {
        if (!Applied.TryAdd(endpoint, owner))
        {
            return;
        }

        var lifetime = services.GetService<IHostApplicationLifetime>();
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger(typeof(RequeueWhileStopping)) ?? NullLogger.Instance;

        // Configuring the error pipe replaces MassTransit's default one, so the default filters follow this one.
        endpoint.ConfigureError(error =>
        {
            error.UseFilter(new RequeueWhileStoppingFilter(owner, lifetime, logger));
            error.UseFilter(new GenerateFaultFilter());
            error.UseFilter(new ErrorTransportFilter());
        });
    }

    /// <summary>Whether a failure is the process's stopping rather than the message's own.</summary>
    internal static bool IsStopping(Exception exception, IHostApplicationLifetime? lifetime)
    {
        if (lifetime?.ApplicationStopping.IsCancellationRequested == true)
        {
            return true;
        }

        return RetryConfigurationExtensions.AnyInChain(exception, static e => e is ObjectDisposedException);
    }
}

/// <summary>Rethrows a stopping process's failure to the transport (requeue); passes every other failure on.</summary>
internal sealed class RequeueWhileStoppingFilter(string owner, IHostApplicationLifetime? lifetime, ILogger logger) : IFilter<ExceptionReceiveContext>
{
    public Task Send(ExceptionReceiveContext context, IPipe<ExceptionReceiveContext> next)
    {
        if (!RequeueWhileStopping.IsStopping(context.Exception, lifetime))
        {
            return next.Send(context);
        }

        Log.RequeuedWhileStopping(logger, owner, context.GetMessageId(), context.Exception.GetType().Name, context.Exception.Message);
        return Task.FromException(context.Exception);
    }

    public void Probe(ProbeContext context) => context?.CreateFilterScope("sagahubRequeueWhileStopping");
}

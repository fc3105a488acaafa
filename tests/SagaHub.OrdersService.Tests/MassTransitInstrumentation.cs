using System.Runtime.CompilerServices;
using MassTransit.Logging;
using MassTransit.Monitoring;

namespace SagaHub.OrdersService.Tests;

/// <summary>
/// MassTransit 8.5 creates its meter once per process, from the container of the first bus that starts, and keeps it for the
/// process's life: when that host is disposed, the meter is disposed with its container and every later host of the process
/// records no MassTransit metric. A service process has one host, so this never shows there; this test process starts
/// dozens. Before any of them, MassTransit's instrumentation gets a meter of the process's own (its default names, the
/// Orders service's label), as a service process's single host would give it.
/// </summary>
internal static class MassTransitInstrumentation
{
    [ModuleInitializer]
    internal static void ConfigureForTheProcess()
    {
        var options = new InstrumentationOptions();
        new ConfigureDefaultInstrumentationOptions().Configure(options);
        options.ServiceName = "orders";
        LogContextInstrumentationExtensions.TryConfigure(options);
    }
}

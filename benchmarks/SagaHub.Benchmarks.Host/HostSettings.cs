using Microsoft.Extensions.Configuration;

namespace SagaHub.Benchmarks.Host;

/// <summary>What the benchmark host runs.</summary>
internal enum HostMode
{
    /// <summary>SagaHub's OrderSaga on the EF Core store (PostgreSQL).</summary>
    SagaHubDurable,

    /// <summary>SagaHub's OrderSaga on the in-memory store.</summary>
    SagaHubMemory,

    /// <summary>MassTransit's state machine with its in-memory repository.</summary>
    MassTransit,

    /// <summary>Plain consumers updating a status column.</summary>
    HandRolled,
}

/// <summary>The <c>Bench</c> configuration section of the host.</summary>
internal sealed record HostSettings(HostMode Mode, string ConnectionString, int? ConcurrentMessageLimit)
{
    public static HostSettings FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection("Bench");
        var modeText = section["Mode"] ?? throw new InvalidOperationException(
            $"Bench:Mode is required: one of {string.Join(", ", Enum.GetNames<HostMode>())}.");
        if (!Enum.TryParse<HostMode>(modeText, ignoreCase: true, out var mode) || !Enum.IsDefined(mode))
        {
            throw new InvalidOperationException($"Bench:Mode '{modeText}' is not one of {string.Join(", ", Enum.GetNames<HostMode>())}.");
        }

        var connectionString = section["ConnectionString"] ?? string.Empty;
        if (mode is HostMode.SagaHubDurable or HostMode.HandRolled && string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException($"Bench:ConnectionString is required for Bench:Mode {mode}.");
        }

        int? limit = int.TryParse(section["ConcurrentMessageLimit"], out var parsed) && parsed > 0 ? parsed : null;
        return new HostSettings(mode, connectionString, limit);
    }
}

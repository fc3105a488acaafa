using System.Text.Json;

namespace SagaHub.Cli.Tests.Support;

/// <summary>One dead letter as the agreed contract shows it.</summary>
public sealed record DeadLetter(string Id, string Queue, string SourceQueue, string MessageType, Guid MessageId, string FaultReason, DateTimeOffset FaultedAt, string? SagaType, Guid? SagaId, JsonElement Body);

using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace SagaHub.EntityFrameworkCore;

/// <summary>Stores a <see cref="DateTimeOffset"/> as its UTC ticks and reads it back in UTC (SQLite).</summary>
internal sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));

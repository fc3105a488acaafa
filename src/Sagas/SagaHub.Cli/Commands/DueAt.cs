using System.Globalization;

namespace SagaHub.Cli;

/// <summary>A due time on the command line: an ISO 8601 time (UTC unless it says otherwise) or a time from now such as +30m, +2h, +1d.</summary>
internal static class DueAt
{
    /// <summary>Parses <paramref name="text"/>, counting a relative time from <paramref name="now"/>.</summary>
    public static bool TryParse(string text, DateTimeOffset now, out DateTimeOffset dueAt)
    {
        dueAt = default;
        text = text.Trim();
        if (text.StartsWith('+') && text.Length > 2
            && double.TryParse(text[1..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) && amount > 0)
        {
            TimeSpan? span = char.ToLowerInvariant(text[^1]) switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => null,
            };
            if (span is { } after)
            {
                dueAt = now + after;
                return true;
            }

            return false;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out dueAt);
    }
}

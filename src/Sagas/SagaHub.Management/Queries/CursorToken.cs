using System.Globalization;
using System.Text;

namespace SagaHub.Management;

/// <summary>An opaque page cursor: the order and the last row's key, base64url-encoded.</summary>
internal static class CursorToken
{
    public static string Encode(SagaQueryOrder order, SagaQueryCursor cursor)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{(int)order}|{cursor.At.UtcTicks}|{cursor.SagaId:N}|{cursor.SagaType}");
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static bool TryDecode(string token, out SagaQueryOrder order, out SagaQueryCursor? cursor)
    {
        order = default;
        cursor = null;
        try
        {
            var padded = token.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split('|', 4);
            if (parts.Length != 4
                || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var o) || !Enum.IsDefined((SagaQueryOrder)o)
                || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) || ticks > DateTimeOffset.MaxValue.UtcTicks
                || !Guid.TryParseExact(parts[2], "N", out var id) || parts[3].Length == 0)
            {
                return false;
            }

            order = (SagaQueryOrder)o;
            cursor = new SagaQueryCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id, parts[3]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

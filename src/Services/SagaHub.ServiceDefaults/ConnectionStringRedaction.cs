using System.Text.RegularExpressions;

namespace SagaHub.ServiceDefaults;

/// <summary>Hides the passwords in connection strings, for anything that must mention a connection (logs, errors).</summary>
public static partial class ConnectionStringRedaction
{
    /// <summary>What a password is replaced with.</summary>
    public const string Mask = "***";

    /// <summary>
    /// Replaces the value of every <c>Password</c> and <c>Pwd</c> key (any casing, anywhere in the string,
    /// plain or quoted with <c>"</c> or <c>'</c>, where a quoted value may hold <c>;</c> and doubled quotes)
    /// with <see cref="Mask"/>, and the password of a URI's user info (<c>amqp://user:secret@host</c>).
    /// Everything else is left as it was.
    /// </summary>
    /// <param name="connectionString">A connection string (ADO.NET <c>key=value;...</c> style or a URI).</param>
    /// <returns>The connection string without its passwords.</returns>
    public static string Redact(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var redacted = PasswordPair().Replace(connectionString, match => match.Groups["key"].Value + Mask);
        return UriPassword().Replace(redacted, match => match.Groups["user"].Value + Mask + "@");
    }

    // A key starts the string or follows ';'. A quoted value runs to its closing quote (a doubled quote
    // is an escaped one), so a ';' inside it does not end it; a plain value runs to the next ';'.
    [GeneratedRegex("""(?<key>(?:^|;)\s*(?:password|pwd)\s*=\s*)(?:"(?:[^"]|"")*"|'(?:[^']|'')*'|[^;]*)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PasswordPair();

    // scheme://user:password@ — the user info ends at the last '@' before the host.
    [GeneratedRegex("""(?<user>\b[a-z][a-z0-9+.\-]*://[^:/?#@\s]*:)[^/?#\s]*@""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UriPassword();
}

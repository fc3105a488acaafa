using System.Globalization;
using System.Text.Json;

namespace SagaHub.Cli;

/// <summary>Reads the API's JSON for tables: a missing or null value is empty text, never an error.</summary>
internal static class JsonText
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>A property's value as text: a string as it is, a number or true/false as written, null or missing as empty.</summary>
    public static string Text(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? Of(value) : string.Empty;

    /// <summary>A value as text, as <see cref="Text(JsonElement, string)"/> does.</summary>
    public static string Of(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? string.Empty,
        JsonValueKind.Null or JsonValueKind.Undefined => string.Empty,
        _ => value.GetRawText(),
    };

    /// <summary>A time property as "yyyy-MM-dd HH:mm:ssZ" in UTC; empty when missing.</summary>
    public static string Time(this JsonElement element, string name)
    {
        var text = element.Text(name);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : text;
    }

    /// <summary>Whether a property is true.</summary>
    public static bool Flag(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    /// <summary>A property's object, or null when it is missing or not an object.</summary>
    public static JsonElement? Object(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    /// <summary>The elements of an array property; none when it is missing.</summary>
    public static IEnumerable<JsonElement> Items(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [];

    /// <summary>The elements of an array; none when it is not one.</summary>
    public static IEnumerable<JsonElement> Items(this JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray() : [];

    /// <summary>The strings of an array property, joined by ", ".</summary>
    public static string List(this JsonElement element, string name) => string.Join(", ", element.Items(name).Select(Of));

    /// <summary>An object property's pairs as "name=value", joined by ", ".</summary>
    public static string Pairs(this JsonElement element, string name) =>
        element.Object(name) is { } pairs ? string.Join(", ", pairs.EnumerateObject().Select(p => $"{p.Name}={Of(p.Value)}")) : string.Empty;

    /// <summary>A .NET type name without its namespace and declaring type ("SagaHub.Tests.Sagas.CancelSlot" → "CancelSlot").</summary>
    public static string ShortType(string name) => name.Split(',')[0].Split('.')[^1].Split('+')[^1];

    /// <summary>A value as indented JSON.</summary>
    public static string Pretty(JsonElement value) => JsonSerializer.Serialize(value, Indented);
}

using System.ComponentModel;
using System.Globalization;
using System.Reflection;

namespace SagaHub.ServiceDefaults.Tests.Docker;

/// <summary>
/// Tells whether a configuration key (an environment variable <c>A__B__C</c> is the key <c>A:B:C</c>) lands on an
/// options property of one service program, the way <c>ConfigurationBinder</c> binds: the options types are the
/// classes with a <c>public const string SectionName</c> in the program's assembly and the SagaHub assemblies it
/// references (transitively); the longest section that prefixes the key picks the type; the rest of the key walks its
/// properties (case-insensitive), dictionary keys and collection indexes down to a value the binder converts from text.
/// </summary>
internal sealed class OptionsKeyResolver
{
    private readonly string program;
    private readonly IReadOnlyList<(string[] Section, Type Type)> sections;

    private OptionsKeyResolver(string program, IReadOnlyList<(string[] Section, Type Type)> sections)
    {
        this.program = program;
        this.sections = sections;
    }

    /// <summary>The sections and options types of the program <paramref name="assemblyName"/> (a referenced assembly).</summary>
    public static OptionsKeyResolver ForProgram(string assemblyName)
    {
        var seen = new Dictionary<string, Assembly>(StringComparer.Ordinal);
        var pending = new Queue<Assembly>([Assembly.Load(new AssemblyName(assemblyName))]);
        while (pending.TryDequeue(out var assembly))
        {
            if (!seen.TryAdd(assembly.GetName().Name!, assembly))
            {
                continue;
            }

            foreach (var reference in assembly.GetReferencedAssemblies().Where(r => r.Name!.StartsWith("SagaHub", StringComparison.Ordinal)))
            {
                pending.Enqueue(Assembly.Load(reference));
            }
        }

        var sections = seen.Values
            .SelectMany(a => a.GetTypes())
            .Select(t => (Type: t, Field: t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)))
            .Where(x => x.Field is { IsLiteral: true } && x.Field.FieldType == typeof(string))
            .Select(x => (Section: ((string)x.Field!.GetRawConstantValue()!).Split(':'), x.Type))
            .OrderByDescending(x => x.Section.Length)
            .ToList();
        return new OptionsKeyResolver(assemblyName, sections);
    }

    /// <summary>The sections this program's options types are bound from, e.g. <c>Inventory</c>, <c>SagaHub:Store</c>.</summary>
    public IEnumerable<string> Sections => sections.Select(s => string.Join(':', s.Section)).Order(StringComparer.Ordinal);

    /// <summary>Why <paramref name="key"/> (<c>Inventory:Database:ConnectionString</c>) binds to nothing, or null when it lands on a property.</summary>
    public string? Problem(string key)
    {
        var segments = key.Split(':');
        if (segments.Any(s => s.Length == 0))
        {
            return $"'{key}' has an empty segment";
        }

        var match = sections.FirstOrDefault(s => s.Section.Length <= segments.Length
            && s.Section.Select((part, i) => string.Equals(part, segments[i], StringComparison.OrdinalIgnoreCase)).All(same => same));
        if (match.Type is null)
        {
            return $"no options class of {program} is bound from the section '{segments[0]}' (its sections: {string.Join(", ", Sections)})";
        }

        var section = string.Join(':', match.Section);
        var type = match.Type;
        var path = $"{type.Name} (section {section})";
        for (var i = match.Section.Length; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (IsValue(type))
            {
                return $"{path} is a value of type {Describe(type)}; it has no '{segment}'";
            }

            if (DictionaryValueType(type) is { } valueType)
            {
                (type, path) = (valueType, $"{path}[{segment}]");
            }
            else if (ElementType(type) is { } elementType)
            {
                // The binder appends children whatever their keys; a key that is not an index is a typo (or a property
                // meant for an item) nine times out of ten, so these tests ask for the index form (Payments__FailCustomers__0).
                if (!int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    return $"{path} is a list of {Describe(elementType)}; '{segment}' is not an index (0, 1, ...)";
                }

                (type, path) = (elementType, $"{path}[{segment}]");
            }
            else
            {
                var property = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .FirstOrDefault(p => p.GetIndexParameters().Length == 0 && string.Equals(p.Name, segment, StringComparison.OrdinalIgnoreCase));
                if (property is null || !IsBindable(property))
                {
                    var bindable = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(IsBindable).Select(p => p.Name).Distinct().Order(StringComparer.Ordinal);
                    return $"{path} has no {(property is null ? string.Empty : "settable ")}property '{segment}' (it has: {string.Join(", ", bindable)})";
                }

                (type, path) = (property.PropertyType, $"{path}.{property.Name}");
            }
        }

        return IsValue(type) ? null : $"'{key}' names {path}, a {Describe(type)} with keys of its own, not a value";
    }

    /// <summary>What the binder converts from a string (a <see cref="TypeConverter"/> that reads strings), not a type it binds into.</summary>
    private static bool IsValue(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(string) || TypeDescriptor.GetConverter(type).CanConvertFrom(typeof(string));
    }

    /// <summary>A public setter, or a getter of a type the binder fills in place (a collection, a nested options object).</summary>
    private static bool IsBindable(PropertyInfo property) =>
        property.GetIndexParameters().Length == 0
        && property.GetMethod is { IsPublic: true }
        && (property.SetMethod is { IsPublic: true } || !IsValue(property.PropertyType));

    private static Type? DictionaryValueType(Type type)
    {
        var dictionary = GenericInterface(type, typeof(IDictionary<,>)) ?? GenericInterface(type, typeof(IReadOnlyDictionary<,>));
        return dictionary?.GetGenericArguments()[1];
    }

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType() : GenericInterface(type, typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private static Type? GenericInterface(Type type, Type definition) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == definition
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition);

    private static string Describe(Type type) =>
        type.IsGenericType ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(Describe))}>" : type.Name;
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace SagaHub.ServiceDefaults;

internal static class OptionsBinding
{
    /// <summary>
    /// Binds a section onto fresh options. A value that does not convert (e.g. <c>RabbitMq:Port=abc</c>)
    /// becomes an <see cref="OptionsValidationException"/> whose message names the key, like every other
    /// configuration error of the service defaults.
    /// </summary>
    public static T Bind<T>(IConfigurationSection section)
        where T : new()
    {
        var options = new T();
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException error)
        {
            // The binder's message names the key and the value: "Failed to convert configuration value 'abc' at 'RabbitMq:Port' to type 'System.Int32'."
            throw new OptionsValidationException(section.Path, typeof(T), [error.Message]);
        }

        return options;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace SagaHub.Management.RabbitMq;

/// <summary>Registers the RabbitMQ dead-letter queues for the management API.</summary>
public static class SagaHubRabbitMqDeadLetterExtensions
{
    /// <summary>Registers <see cref="IDeadLetterQueues"/> over AMQP (options bound from <see cref="RabbitMqDeadLetterOptions.SectionName"/>).</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Changes the options.</param>
    /// <returns>The same services.</returns>
    /// <remarks>With it registered, <c>MapSagaHubManagement</c> maps <c>dead-letters</c>.</remarks>
    public static IServiceCollection AddSagaHubRabbitMqDeadLetters(this IServiceCollection services, Action<RabbitMqDeadLetterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<RabbitMqDeadLetterOptions>().BindConfiguration(RabbitMqDeadLetterOptions.SectionName);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(o =>
        {
            o.Validate();
            return true;
        }).ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDeadLetterQueues>(sp => new RabbitMqDeadLetterQueues(
            sp.GetRequiredService<IOptions<RabbitMqDeadLetterOptions>>().Value,
            sp.GetService<ISagaRegistry>(),
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SagaHub.Management;

/// <summary>Registers and maps SagaHub's management API.</summary>
public static class SagaHubManagementExtensions
{
    /// <summary>Registers the management API's services and options (bound from <see cref="SagaHubManagementOptions.SectionName"/> when configuration is present).</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Changes the options.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddSagaHubManagement(this IServiceCollection services, Action<SagaHubManagementOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SagaHubManagementOptions>().BindConfiguration(SagaHubManagementOptions.SectionName);
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
        services.TryAddScoped<ManagementContext>();
        services.TryAddSingleton<ManagementAccessFilter>();
        return services;
    }

    /// <summary>Maps the management API under <paramref name="prefix"/>: sagas, actions, batches, definitions, counts and tasks.</summary>
    /// <remarks>Routes: <c>GET sagas</c>, <c>GET sagas/{type}/{id}</c>, <c>GET|POST sagas/{type}/{id}/actions</c>, <c>POST batch</c>, <c>GET definitions[/{type}]</c>, <c>GET counts</c>, <c>GET tasks</c>, <c>POST tasks/{id}/approve|reject|reassign</c>, <c>GET audit</c> (the operator audit of dead-letter replays and deletes); with an <see cref="IDeadLetterQueues"/> registered, <c>GET dead-letters</c>, <c>POST dead-letters/replay|delete</c>.</remarks>
    /// <param name="app">The endpoints.</param>
    /// <param name="prefix">The path prefix.</param>
    /// <returns>The group, to add conventions such as authorization.</returns>
    public static RouteGroupBuilder MapSagaHubManagement(this IEndpointRouteBuilder app, string prefix = "/sagahub")
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<SagaHubManagementOptions>>().Value;
        var group = app.MapGroup(prefix).WithTags("SagaHub management").AddEndpointFilter<ManagementAccessFilter>();
        if (options.AuthorizationPolicy is { } policy)
        {
            group.RequireAuthorization(policy);
        }

        group.MapGet("/sagas", SagaEndpoints.ListAsync);
        group.MapGet("/sagas/{type}/{id:guid}", SagaEndpoints.GetAsync);
        group.MapGet("/sagas/{type}/{id:guid}/actions", ActionEndpoints.ChoicesAsync);
        group.MapPost("/sagas/{type}/{id:guid}/actions", ActionEndpoints.ActAsync);
        group.MapPost("/batch", ActionEndpoints.BatchAsync);
        group.MapGet("/definitions", SagaEndpoints.ListDefinitions);
        group.MapGet("/definitions/{type}", SagaEndpoints.GetDefinition);
        group.MapGet("/counts", CountEndpoints.GetAsync);
        group.MapGet("/tasks", TaskEndpoints.ListAsync);
        group.MapPost("/tasks/{taskId:guid}/approve", TaskEndpoints.ApproveAsync);
        group.MapPost("/tasks/{taskId:guid}/reject", TaskEndpoints.RejectAsync);
        group.MapPost("/tasks/{taskId:guid}/reassign", ActionEndpoints.ReassignAsync);
        group.MapGet("/audit", AuditEndpoints.ListAsync);
        if (app.ServiceProvider.GetService<IServiceProviderIsService>()?.IsService(typeof(IDeadLetterQueues)) == true)
        {
            DeadLetterEndpoints.Map(group);
        }

        return group;
    }
}

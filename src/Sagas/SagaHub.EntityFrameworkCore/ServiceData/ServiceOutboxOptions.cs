using Microsoft.EntityFrameworkCore;

namespace SagaHub.EntityFrameworkCore;

/// <summary>Settings of a service's inbox and outbox.</summary>
public sealed class ServiceOutboxOptions
{
    /// <summary>How often the sweep looks for outbox rows a crash left undelivered.</summary>
    /// <value>Defaults to 5 s.</value>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How old a row must be before the sweep takes it (fresh rows belong to their writer).</summary>
    /// <value>Defaults to 10 s.</value>
    public TimeSpan SweepAge { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long inbox rows are kept.</summary>
    /// <value>Defaults to 7 days.</value>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long dispatched outbox rows may wait for a consumer's transaction to delete them before they are deleted in a
    /// statement of their own.
    /// </summary>
    /// <remarks>Measured on the system clock, not the injected <see cref="TimeProvider"/>.</remarks>
    /// <value>Defaults to 200 ms.</value>
    public TimeSpan OutboxDeleteDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How many dispatched outbox rows one consumer's transaction deletes at most; when more wait, they
    /// are deleted at once in a statement of their own.
    /// </summary>
    /// <value>Defaults to 1,000.</value>
    public int OutboxDeleteThreshold { get; set; } = 1_000;

    /// <summary>How long a sweep holds the outbox rows it took; other hosts' sweeps pass them over meanwhile.</summary>
    /// <remarks>
    /// A crashed host's claim runs out after this. Measured on the injected <see cref="TimeProvider"/>. Rows a dispatch
    /// failed to send are released at once.
    /// </remarks>
    /// <value>Defaults to 30 s.</value>
    public TimeSpan OutboxClaimLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long handing one outbox message to the bus may take before the dispatch counts as failed and the row is left
    /// for the sweep.
    /// </summary>
    /// <remarks>Measured on the injected <see cref="TimeProvider"/>.</remarks>
    /// <value>Defaults to 10 s.</value>
    public TimeSpan DispatchTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The name of these options for <typeparamref name="TDbContext"/>'s inbox (named options).</summary>
    /// <remarks>
    /// Change them after <see cref="ServiceOutboxExtensions.AddSagaHubInbox{TDbContext}"/> with
    /// <c>services.Configure&lt;ServiceOutboxOptions&gt;(ServiceOutboxOptions.NameFor&lt;TDbContext&gt;(), o =&gt; …)</c>.
    /// </remarks>
    /// <typeparam name="TDbContext">The service's context.</typeparam>
    /// <returns>The options name: the context's full type name.</returns>
    public static string NameFor<TDbContext>()
        where TDbContext : DbContext => typeof(TDbContext).FullName ?? typeof(TDbContext).Name;

    /// <summary>Throws a clear error for settings that cannot work.</summary>
    /// <exception cref="SagaConfigurationException">A setting is out of range; the message names it.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (SweepInterval <= TimeSpan.Zero)
        {
            errors.Add("SweepInterval must be positive.");
        }

        if (SweepAge < TimeSpan.Zero)
        {
            errors.Add("SweepAge must not be negative.");
        }

        if (InboxRetention <= TimeSpan.Zero)
        {
            errors.Add("InboxRetention must be positive.");
        }

        if (OutboxDeleteDelay <= TimeSpan.Zero)
        {
            errors.Add("OutboxDeleteDelay must be positive.");
        }

        if (OutboxDeleteThreshold is < 1 or > 100_000)
        {
            errors.Add("OutboxDeleteThreshold must be between 1 and 100000.");
        }

        if (OutboxClaimLease <= TimeSpan.Zero)
        {
            errors.Add("OutboxClaimLease must be positive.");
        }

        if (DispatchTimeout <= TimeSpan.Zero)
        {
            errors.Add("DispatchTimeout must be positive.");
        }

        if (errors.Count > 0)
        {
            throw new SagaConfigurationException("Service outbox options: " + string.Join(" ", errors));
        }
    }
}

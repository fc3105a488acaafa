namespace SagaHub;

/// <summary>
/// How long a host waits at start for its <see cref="IStartupCheck"/>s: <c>services.Configure&lt;StartupCheckOptions&gt;(…)</c>;
/// hosts built on SagaHub's service defaults bind it from the section <c>SagaHub:Startup</c>.
/// </summary>
public sealed class StartupCheckOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "SagaHub:Startup";

    /// <summary>How long a check may keep failing with an infrastructure failure before the host gives up starting.</summary>
    /// <value>Defaults to 2 minutes.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The first wait between two tries; each next wait doubles, up to <see cref="MaxDelay"/>.</summary>
    /// <value>Defaults to 250 ms.</value>
    public TimeSpan MinDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait between two tries.</summary>
    /// <value>Defaults to 5 s.</value>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(5);
}

namespace SagaHub.Management;

/// <summary>Settings of the management API.</summary>
public sealed class SagaHubManagementOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "SagaHubManagement";

    /// <summary>The request header that carries <see cref="ApiKey"/>.</summary>
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>The key every request must carry in <see cref="ApiKeyHeader"/>; null for none.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The ASP.NET Core authorization policy every endpoint requires; null for none.</summary>
    public string? AuthorizationPolicy { get; set; }

    /// <summary>Whether, with neither an API key nor a policy, requests from other machines are allowed.</summary>
    /// <value>Defaults to false: only loopback callers are served.</value>
    public bool AllowRemoteWithoutAuthentication { get; set; }

    /// <summary>The rows of a list page when the caller gives no limit.</summary>
    /// <value>Defaults to 50.</value>
    public int PageSize { get; set; } = 50;

    /// <summary>The most rows a list page may ask for.</summary>
    /// <value>Defaults to 500.</value>
    public int MaxPageSize { get; set; } = 500;

    /// <summary>The most sagas one batch action may change when the caller gives no cap.</summary>
    /// <value>Defaults to 1000.</value>
    public int BatchCap { get; set; } = 1000;

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="InvalidOperationException">A setting is out of range.</exception>
    public void Validate()
    {
        if (ApiKey is not null && (ApiKey.Length < 16 || ApiKey.Trim() != ApiKey))
        {
            throw new InvalidOperationException($"{SectionName}:ApiKey must be at least 16 characters with no leading or trailing whitespace.");
        }

        if (PageSize < 1 || MaxPageSize < PageSize || BatchCap < 1)
        {
            throw new InvalidOperationException($"{SectionName}: PageSize must be at least 1, MaxPageSize at least PageSize, BatchCap at least 1.");
        }
    }
}

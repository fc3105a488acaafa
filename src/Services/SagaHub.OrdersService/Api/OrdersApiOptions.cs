namespace SagaHub.OrdersService.Api;

/// <summary>Settings of the Orders HTTP API (configuration section <see cref="SectionName"/>).</summary>
public sealed class OrdersApiOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "OrdersApi";

    /// <summary>Where the API listens unless <c>ASPNETCORE_URLS</c>, <c>--urls</c> or Kestrel endpoints say otherwise.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>The SKUs accepted when <see cref="KnownSkus"/> is not configured: the demo inventory's.</summary>
    public static IReadOnlyList<string> DefaultSkus { get; } = ["SKU-RED", "SKU-BLUE", "SKU-GREEN", "SKU-RARE"];

    /// <summary>The URL the API listens on (read by <c>UseOrdersApiUrls</c> before the host is built).</summary>
    /// <value>Defaults to <see cref="DefaultUrl"/>, loopback only.</value>
    public string Url { get; set; } = DefaultUrl;

    /// <summary>
    /// The SKUs an order may name; any other is a validation error. Matched exactly (ordinal).
    /// Left empty, <see cref="DefaultSkus"/> apply (so configured SKUs replace the defaults instead of adding to them).
    /// </summary>
    public IList<string> KnownSkus { get; } = [];

    /// <summary>The most lines one order may have.</summary>
    /// <value>Defaults to 50.</value>
    public int MaxLines { get; set; } = 50;

    /// <summary>The largest quantity of one line.</summary>
    /// <value>Defaults to 1000.</value>
    public int MaxQuantity { get; set; } = 1000;

    /// <summary>The highest unit price of one line (keeps every order total far from decimal overflow).</summary>
    /// <value>Defaults to 1,000,000.00.</value>
    public decimal MaxUnitPrice { get; set; } = 1_000_000m;

    /// <summary>The largest request body the API reads, in bytes; a larger one is answered with 413.</summary>
    /// <value>Defaults to 64 KiB.</value>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// How far past its deadline a saga must be before <c>GET /sagas?stuck=true</c> lists it (the timer
    /// service normally fires a deadline within a poll interval, so a just-due deadline is not stuck).
    /// </summary>
    /// <value>Defaults to 1 minute.</value>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The fewest characters <see cref="ApiKey"/> may have.</summary>
    public const int MinApiKeyLength = 16;

    /// <summary>
    /// The key the task and operator endpoints (everything under <c>/tasks</c>, and <c>GET /sagas</c>) require in
    /// the <c>X-Api-Key</c> header: without the header they answer 401, with another key 403. The order, refund and
    /// health endpoints never need it. Set it through the environment (<c>OrdersApi__ApiKey</c>) or a secret store,
    /// not in <c>appsettings.json</c>; it is never logged.
    /// </summary>
    /// <value>
    /// Defaults to <see langword="null"/>: no key, the endpoints are open (the local demo). When set, it must have at
    /// least <see cref="MinApiKeyLength"/> characters and no leading or trailing whitespace, or the service does not start.
    /// </value>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Whether <c>GET /metrics</c> answers without the key even when <see cref="ApiKey"/> is set. By default it needs the
    /// key like the operator endpoints (its counters tell how many orders, refunds and failures there are); set this for a
    /// scraper that cannot send the <c>X-Api-Key</c> header and reaches the API only through a network of its own.
    /// </summary>
    /// <value>Defaults to <see langword="false"/>. Without an <see cref="ApiKey"/> every endpoint is open, <c>/metrics</c> too.</value>
    public bool MetricsWithoutApiKey { get; set; }

    /// <summary>The highest <c>limit</c> <c>GET /sagas</c> accepts.</summary>
    /// <value>Defaults to 500.</value>
    public int MaxQueryLimit { get; set; } = 500;
}

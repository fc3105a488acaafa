using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SagaHub.Cli;

/// <summary>Calls the management API under one base address, with its API key when one is given.</summary>
internal sealed class ManagementClient : IDisposable
{
    /// <summary>The Orders service's address, used when neither <c>--url</c> nor SAGAHUB_URL is given.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>The environment variable that holds the default of <c>--url</c>.</summary>
    public const string UrlVariable = "SAGAHUB_URL";

    /// <summary>The environment variable that holds the default of <c>--api-key</c>.</summary>
    public const string ApiKeyVariable = "SAGAHUB_API_KEY";

    /// <summary>The header the management API reads its key from.</summary>
    public const string ApiKeyHeader = "X-Api-Key";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private readonly HttpClient http;
    private readonly bool ownsHttp;
    private readonly string? apiKey;

    /// <summary>A client of the API at <paramref name="baseUri"/>; it sends through <paramref name="http"/> when given (and leaves it open), else through its own.</summary>
    public ManagementClient(Uri baseUri, string? apiKey, HttpClient? http = null)
    {
        BaseUri = baseUri;
        this.apiKey = string.IsNullOrEmpty(apiKey) ? null : apiKey;
        ownsHttp = http is null;
        this.http = http ?? new HttpClient();
    }

    /// <summary>The address the API's routes are under, ending in a slash: the URL and the prefix.</summary>
    public Uri BaseUri { get; }

    /// <summary>The client for a command's global options; the URL and key fall back to the environment.</summary>
    public static ManagementClient For(GlobalSettings settings, CliEnvironment environment)
    {
        var url = BaseUriOf(settings.ResolveUrl(environment), settings.Prefix)
            ?? throw new InvalidOperationException("The URL was checked before the command ran.");
        return new ManagementClient(url, settings.ApiKey ?? environment.Variable(ApiKeyVariable), environment.Http);
    }

    /// <summary>The base address of <paramref name="url"/> and <paramref name="prefix"/>; null when the URL is not an absolute http(s) one.</summary>
    public static Uri? BaseUriOf(string url, string? prefix)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var root) || (root.Scheme != Uri.UriSchemeHttp && root.Scheme != Uri.UriSchemeHttps))
        {
            return null;
        }

        var path = root.AbsolutePath.TrimEnd('/') + "/" + (prefix ?? string.Empty).Trim('/');
        return new UriBuilder(root) { Path = path.TrimEnd('/') + "/", Query = string.Empty, Fragment = string.Empty }.Uri;
    }

    /// <summary>The address of a route under the base, with its query; parts are escaped, empty values left out.</summary>
    public Uri UriOf(string path, IEnumerable<KeyValuePair<string, string?>>? query = null)
    {
        var text = new StringBuilder(path.TrimStart('/'));
        var separator = '?';
        foreach (var (name, value) in query ?? [])
        {
            if (value is not null)
            {
                text.Append(separator).Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
                separator = '&';
            }
        }

        return new Uri(BaseUri, text.ToString());
    }

    public Task<ApiAnswer> GetAsync(string path, IEnumerable<KeyValuePair<string, string?>>? query = null, CancellationToken cancellationToken = default) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, UriOf(path, query)), cancellationToken);

    public Task<ApiAnswer> PostAsync(string path, object body, CancellationToken cancellationToken = default) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, UriOf(path)) { Content = new StringContent(JsonSerializer.Serialize(body, Json), Encoding.UTF8, "application/json") }, cancellationToken);

    public void Dispose()
    {
        if (ownsHttp)
        {
            http.Dispose();
        }
    }

    private async Task<ApiAnswer> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/problem+json"));
            if (apiKey is not null)
            {
                request.Headers.TryAddWithoutValidation(ApiKeyHeader, apiKey);
            }

            try
            {
                using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                return new ApiAnswer((int)response.StatusCode, body);
            }
            catch (HttpRequestException e)
            {
                return ApiAnswer.Unreachable(e.Message);
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return ApiAnswer.Unreachable($"no answer within {http.Timeout.TotalSeconds:0} s");
            }
        }
    }
}

using SagaHub.DemoDriver;

// Usage: SagaHub.DemoDriver [--api http://127.0.0.1:5080] [--timeout 120]
// Env: SAGAHUB_API_KEY, sent as X-Api-Key when the Orders service was started with OrdersApi:ApiKey (unset: no header).
var api = new Uri("http://127.0.0.1:5080");
var timeout = TimeSpan.FromSeconds(120);
for (var i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--api")
    {
        api = new Uri(args[++i]);
    }
    else if (args[i] == "--timeout")
    {
        timeout = TimeSpan.FromSeconds(int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture));
    }
}

using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(10) };
if (Environment.GetEnvironmentVariable("SAGAHUB_API_KEY") is { Length: > 0 } apiKey)
{
    http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
}

return await new DemoDriver(http).RunAsync(timeout);

using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace SagaHub.Cli.Tests.Support;

/// <summary>
/// The dead-letter endpoints as agreed with their author (GET dead-letters?queue=&amp;limit=, POST dead-letters/replay
/// and dead-letters/delete) on a test server under /sagahub, holding two dead letters and recording every request.
/// </summary>
public sealed class FakeDeadLetterApi : IAsyncDisposable
{
    public static readonly Guid SagaId = Guid.Parse("22222222-2222-2222-2222-222222222222");

    public static readonly IReadOnlyList<DeadLetter> Letters =
    [
        new("dl-1", "order-saga_error", "order-saga", "SagaHub.Contracts.PaymentCaptured", Guid.Parse("11111111-1111-1111-1111-111111111111"), "Order not found",
            new DateTimeOffset(2025, 3, 1, 9, 30, 0, TimeSpan.Zero), "OrderSaga", SagaId, JsonSerializer.SerializeToElement(new { orderId = "o-1" })),
        new("dl-2", "payments_error", "payments", "SagaHub.Contracts.CapturePayment", Guid.Parse("33333333-3333-3333-3333-333333333333"), "Card declined",
            new DateTimeOffset(2025, 3, 1, 9, 45, 0, TimeSpan.Zero), null, null, JsonSerializer.SerializeToElement(new { amount = 10 })),
    ];

    private readonly WebApplication app;

    private FakeDeadLetterApi(WebApplication app) => this.app = app;

    /// <summary>A client of the test server (after <see cref="StartAsync"/>).</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>Every request: method, path with query, X-Api-Key, body.</summary>
    public List<(string Method, string Path, string? ApiKey, string Body)> Requests { get; } = [];

    /// <summary>When set, every request is answered with this status and a problem body.</summary>
    public int? FailWith { get; set; }

    public static async Task<FakeDeadLetterApi> StartAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        var app = builder.Build();
        var fake = new FakeDeadLetterApi(app);
        app.Use(fake.RecordAsync);
        var group = app.MapGroup("/sagahub/dead-letters");
        group.MapGet(string.Empty, (string? queue, int? limit) =>
            Results.Ok(new { items = Letters.Where(l => queue is null || l.Queue == queue).Take(limit ?? int.MaxValue) }));
        group.MapPost("/replay", (JsonElement body) =>
        {
            var all = body.TryGetProperty("all", out var a) && a.GetBoolean();
            var queue = body.TryGetProperty("queue", out var q) ? q.GetString() : null;
            var ids = all ? Letters.Where(l => queue is null || l.Queue == queue).Select(l => l.Id).ToList() : Ids(body);
            var items = ids.Select(id => new { id, outcome = Letters.Any(l => l.Id == id) ? "replayed" : "not-found" }).ToList();
            return Results.Ok(new { replayed = items.Count(i => i.outcome == "replayed"), items });
        });
        group.MapPost("/delete", (JsonElement body) =>
        {
            var items = Ids(body).Select(id => new { id, outcome = Letters.Any(l => l.Id == id) ? "deleted" : "not-found" }).ToList();
            return Results.Ok(new { deleted = items.Count(i => i.outcome == "deleted"), items });
        });
        await app.StartAsync();
        fake.Client = app.GetTestClient();
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static List<string> Ids(JsonElement body) =>
        body.TryGetProperty("ids", out var ids) && ids.ValueKind == JsonValueKind.Array ? [.. ids.EnumerateArray().Select(i => i.GetString()!)] : [];

    private async Task RecordAsync(HttpContext http, RequestDelegate next)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync();
        lock (Requests)
        {
            Requests.Add((http.Request.Method, http.Request.Path + http.Request.QueryString, http.Request.Headers["X-Api-Key"].FirstOrDefault(), body));
        }

        if (FailWith is { } status)
        {
            await Results.Problem("The broker is not reachable.", statusCode: status, title: "Dead letters unavailable").ExecuteAsync(http);
            return;
        }

        http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        await next(http);
    }
}

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SagaHub.Management;

/// <summary>What every management endpoint uses, resolved once per request.</summary>
internal sealed class ManagementContext(
    ISagaRegistry registry,
    ISagaQueryStore queries,
    ISagaUnitOfWorkStore rows,
    ISagaOutboxStore outbox,
    ISagaOperations operations,
    IHumanTaskInbox tasks,
    TimeProvider time,
    IOptions<SagaHubManagementOptions> options,
    ILogger<ManagementContext> logger)
{
    public ISagaRegistry Registry => registry;

    public ISagaQueryStore Queries => queries;

    public ISagaUnitOfWorkStore Rows => rows;

    public ISagaOutboxStore Outbox => outbox;

    public ISagaOperations Operations => operations;

    public IHumanTaskInbox Tasks => tasks;

    public SagaHubManagementOptions Options => options.Value;

    public ILogger Logger => logger;

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>The acting person: the signed-in user's name, else the request's <c>by</c>.</summary>
    public static string? Actor(HttpContext http, string? by) =>
        http.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : string.IsNullOrWhiteSpace(by) ? null : by.Trim();

    public static bool IsStuck(SagaSnapshot s, DateTimeOffset now) =>
        s.IsParked || (!s.IsFinal && (s.Deadline?.DueAt <= now || s.ExpectedBy <= now));
}

using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using SagaHub.OrdersService.Api;
using SagaHub.ServiceDefaults;
using SagaHub.ServiceDefaults.Tests.Infrastructure;
using static SagaHub.OrdersService.Tests.OrdersServiceFixture;

namespace SagaHub.OrdersService.Tests;

/// <summary>
/// The durable Orders service (EF Core store on PostgreSQL, RabbitMQ) as <c>Program.cs</c> composes it, on a test
/// server, with every log call captured at every level: start-up, an order, a store that cannot be reached. No
/// password and no connection string may appear in a message, a structured value, a scope or an exception, nor in
/// an error or a response the test sees. (When_a_RabbitMQ_service_host_fails_to_start covers the RabbitMQ password of a bare service
/// host; this covers the Orders service and its store.) Needs scripts/infra-up.sh: PostgreSQL, and RabbitMQ with
/// the virtual host <c>sagahub-tests-orders</c>, which only these tests use, so the order saga's fixed queue names
/// never meet the integration tests' order host.
/// </summary>
[Trait("Category", "Integration")]
[Collection(DurableOrdersServiceCollection.Name)]
public sealed class When_the_durable_orders_service_logs
{
    private const string VirtualHost = "sagahub-tests-orders";

    internal static readonly string PostgreSql = Environment.GetEnvironmentVariable("SAGAHUB_TEST_PG")
        ?? "Host=127.0.0.1;Port=5432;Database=sagahub;Username=sagahub;Password=sagahub";

    internal static readonly string RabbitPassword = Environment.GetEnvironmentVariable("SAGAHUB_TEST_RABBITMQ_PASSWORD") ?? "sagahub";

    [Fact]
    public async Task Should_log_no_password_nor_connection_string_at_start_up_and_for_an_order()
    {
        var schema = $"orders_logscan_{Guid.NewGuid():N}"[..27];
        var logs = new CapturingLoggerProvider();
        var seen = new List<string>();
        try
        {
            await using (var app = await StartAsync(Settings(PostgreSql, RabbitPassword, schema), logs))
            {
                using var client = app.GetTestClient();
                using var submit = await client.PostAsync(new Uri("/orders", UriKind.Relative), Json(OrderJson()));
                seen.Add(await submit.Content.ReadAsStringAsync());
                Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
                var orderId = (await ReadJsonAsync(submit)).GetProperty("orderId").GetGuid();

                // Round trip through RabbitMQ and the PostgreSQL store: the saga has its row once it handled the submission.
                var order = await WaitUntilAsync(client, app.Services, $"/orders/{orderId}", _ => true, "the order saga's row");
                seen.Add(order.ToString());
                using var health = await client.GetAsync(new Uri("/health", UriKind.Relative));
                seen.Add(await health.Content.ReadAsStringAsync());
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
                await app.StopAsync();
            }

            // The capture saw the work, down to Debug: the transport line, the store's schema migration, the accepted order.
            // (The saga store's EF Core contexts do not log through the host: its SQL is in no log to leak from.)
            var categories = string.Join(", ", logs.Logs.Select(log => log.Category).Distinct());
            Assert.Contains(logs.Logs, log => log.EventId.Id == 1000 && log.Message.Contains(VirtualHost, StringComparison.Ordinal));
            Assert.True(logs.Logs.Any(log => log.Category.StartsWith("SagaHub.EntityFrameworkCore", StringComparison.Ordinal)), categories);
            Assert.Contains(logs.Logs, log => log.Level == LogLevel.Debug);
            Assert.Contains(logs.Logs, log => log.EventId.Id == 1500);
            AssertNoSecret(logs, seen, PostgreSql, Password(PostgreSql), RabbitPassword);
        }
        finally
        {
            await DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task Should_log_the_failure_of_a_store_that_cannot_be_reached_without_its_password()
    {
        // A password found nowhere else, in a store on a port nothing listens on: every store call fails.
        var password = $"pw-{Guid.NewGuid():N}";
        var unreachable = new NpgsqlConnectionStringBuilder(PostgreSql) { Port = ClosedPort(), Password = password, Timeout = 2 }.ConnectionString;
        var logs = new CapturingLoggerProvider();
        var seen = new List<string>();
        try
        {
            // The host now waits at its start-up check for the store (up to 2 min by default); give up after 2 s, so the
            // failure path under test is the start's: its warnings, its error and the exception it throws.
            var settings = Settings(unreachable, RabbitPassword, "orders_unreachable");
            settings["SagaHub:Startup:Timeout"] = "00:00:02";
            await using var app = await StartAsync(settings, logs);
            using var client = app.GetTestClient();
            foreach (var path in new[] { $"/orders/{Guid.NewGuid()}", "/sagas", "/health" })
            {
                using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
                seen.Add($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                Assert.True(response.StatusCode >= HttpStatusCode.InternalServerError, seen[^1]);
            }

            using var submit = await client.PostAsync(new Uri("/orders", UriKind.Relative), Json(OrderJson()));
            seen.Add(await submit.Content.ReadAsStringAsync());
            await app.StopAsync();
        }
        catch (Exception error)
        {
            seen.Add(error.ToString()); // a start that fails is a failure path too; its error must not hold the password either
        }

        Assert.Contains(logs.Logs, log => log.Level >= LogLevel.Error && log.Exception is not null);
        AssertNoSecret(logs, seen, unreachable, password, RabbitPassword);
        Assert.DoesNotContain(password, logs.AllText, StringComparison.Ordinal);
    }

    internal static Dictionary<string, string?> Settings(string connectionString, string rabbitPassword, string schema) => new()
    {
        ["Bus:Transport"] = "RabbitMq",
        ["Bus:StartTimeout"] = "00:00:20",
        ["Bus:StopTimeout"] = "00:00:10",
        ["RabbitMq:Host"] = Environment.GetEnvironmentVariable("SAGAHUB_TEST_RABBITMQ_HOST") ?? "127.0.0.1",
        ["RabbitMq:VirtualHost"] = VirtualHost,
        ["RabbitMq:Username"] = Environment.GetEnvironmentVariable("SAGAHUB_TEST_RABBITMQ_USER") ?? "sagahub",
        ["RabbitMq:Password"] = rabbitPassword,
        ["SagaHub:Store:Provider"] = "PostgreSql",
        ["SagaHub:Store:ConnectionString"] = connectionString,
        ["SagaHub:Store:Schema"] = schema,

        // Configuration rules beat SetMinimumLevel, and the service's appsettings.json quiets some categories.
        ["Logging:LogLevel:Default"] = "Trace",
        ["Logging:LogLevel:Microsoft"] = "Trace",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
        ["Logging:LogLevel:MassTransit"] = "Trace",
    };

    /// <summary>Program.cs's durable composition with <paramref name="settings"/>, on a test server, logging only into <paramref name="logs"/>, with test services of its own.</summary>
    internal static async Task<WebApplication> StartAsync(Dictionary<string, string?> settings, CapturingLoggerProvider logs, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddSagaHubServiceDefaults("orders");
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
        builder.WebHost.UseTestServer();
        builder.UseOrdersApiUrls();
        builder.AddDurableOrdersService();
        builder.Services.AddSingleton<CommitSignal>();
        builder.Services.AddSingleton<ISagaObserver>(sp => sp.GetRequiredService<CommitSignal>());
        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        app.UseOrdersService();
        try
        {
            await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    /// <summary>
    /// No line holds a connection string or a password. A password is looked for as a whole word when it is
    /// distinctive, and otherwise (the local default "sagahub" is also the user and database name) wherever it
    /// would be a password: after <c>Password=</c>, <c>Pwd=</c>, <c>"password":</c> or in a URI's user info.
    /// </summary>
    private static void AssertNoSecret(CapturingLoggerProvider logs, IEnumerable<string> seen, string connectionString, params string[] passwords)
    {
        var texts = logs.Logs.Select(log => log.AllText).Concat(seen).ToList();
        Assert.NotEmpty(logs.Logs);
        foreach (var text in texts)
        {
            Assert.DoesNotContain(connectionString, text, StringComparison.OrdinalIgnoreCase);
            foreach (var password in passwords.Distinct(StringComparer.Ordinal))
            {
                var asPassword = new Regex($"""(password|pwd)["']?\s*[=:]\s*["']?{Regex.Escape(password)}|:{Regex.Escape(password)}@""", RegexOptions.IgnoreCase);
                Assert.False(asPassword.IsMatch(text), $"a password is in: {text}");
                if (password.Length >= 16)
                {
                    Assert.DoesNotContain(password, text, StringComparison.Ordinal);
                }
            }
        }
    }

    private static string Password(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString).Password ?? string.Empty;

    internal static async Task DropSchemaAsync(string schema)
    {
        await using var connection = new NpgsqlConnection(PostgreSql);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>A port nothing listens on: bound once to get it from the system, then released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SagaHub.Management;
using SagaHub.Tests.Sagas;
using SagaHub.Tests.Support;

namespace SagaHub.Management.Tests.Support;

/// <summary>A web host with the repair saga on the in-memory store and bus, its management API on a test server, and a fake clock one hour after <see cref="Clock.T0"/>.</summary>
public sealed class ManagementHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = Clock.At(TimeSpan.FromHours(1));

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly WebApplication app;

    private ManagementHost(WebApplication app, List<object> sent)
    {
        this.app = app;
        Sent = sent;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }

    public RepairSaga Saga { get; } = new();

    public ISagaStore Store => app.Services.GetRequiredService<ISagaStore>();

    public FakeTimeProvider Time => (FakeTimeProvider)app.Services.GetRequiredService<TimeProvider>();

    /// <summary>The commands the host sent to the garage and payments queues.</summary>
    public List<object> Sent { get; }

    public static async Task<ManagementHost> StartAsync(Action<SagaHubManagementOptions>? configure = null, Action<WebApplication>? beforeMap = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        var sent = new List<object>();
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        builder.Services.AddMassTransit(x =>
        {
            x.AddSagaHub(hub => hub.AddSaga<RepairSaga>().AddSaga<TestRefundSaga>().Configure(o => o.RunBackgroundServices = false));
            x.UsingInMemory((context, cfg) =>
            {
                cfg.ReceiveEndpoint("payments", e => e.Handler<ChargeRepair>(c => Record(sent, c.Message)));
                cfg.ReceiveEndpoint("garage", e =>
                {
                    e.Handler<BookSlot>(c => Record(sent, c.Message));
                    e.Handler<CancelSlot>(c => Record(sent, c.Message));
                });
                cfg.ConfigureEndpoints(context);
            });
        });
        builder.Services.AddSagaHubManagement(configure);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        beforeMap?.Invoke(app);
        app.MapSagaHubManagement();
        await app.StartAsync();
        return new ManagementHost(app, sent);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    /// <summary>Stores a repair for <paramref name="customer"/> started at <paramref name="startedAt"/> and brought to <paramref name="state"/> (Booking, Charging, Working, OnHold, Done).</summary>
    public async Task<Guid> SeedAsync(RepairStatus state, string customer = "c-1", DateTimeOffset? startedAt = null, Guid? id = null)
    {
        var at = startedAt ?? Clock.T0;
        var instance = Saga.NewInstance(id ?? Guid.NewGuid());
        Saga.Fire(instance, new PlaceRepair(instance.Id, customer, 100m), null, at);
        if (state != RepairStatus.Booking)
        {
            Saga.Fire(instance, new SlotBooked(instance.Id), null, at);
        }

        switch (state)
        {
            case RepairStatus.OnHold:
                Saga.FireDeadline(instance);
                break;
            case RepairStatus.Working:
                Saga.Fire(instance, new RepairCharged(instance.Id), null, at);
                break;
            case RepairStatus.Done:
                Saga.Fire(instance, new RepairCharged(instance.Id), null, at);
                Saga.Fire(instance, new RepairDone(instance.Id), null, at);
                break;
        }

        await Store.CommitAsync(new SagaCommit(Saga.Name, Guid.NewGuid(), Saga.ToSnapshot(instance), 0, instance.History, []));
        return instance.Id;
    }

    /// <summary>Stores a refund waiting for the "finance" task, with its task row.</summary>
    public async Task<(Guid RefundId, Guid TaskId)> SeedRefundAsync()
    {
        var refunds = new TestRefundSaga();
        var instance = refunds.NewInstance(Guid.NewGuid());
        refunds.Fire(instance, new RequestRefund(instance.Id, 10m), null, Clock.T0);
        var snapshot = refunds.ToSnapshot(instance);
        await Store.CommitAsync(new SagaCommit(refunds.Name, Guid.NewGuid(), snapshot, 0, instance.History, []) { TaskChanges = HumanTaskChange.Between(null, snapshot) });
        return (instance.Id, instance.Task!.TaskId);
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        var response = await Client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    public Task<HttpResponseMessage> PostJsonAsync(string path, object body) => Client.PostAsJsonAsync(path, body, Json);

    private static Task Record(List<object> sent, object message)
    {
        lock (sent)
        {
            sent.Add(message);
        }

        return Task.CompletedTask;
    }
}

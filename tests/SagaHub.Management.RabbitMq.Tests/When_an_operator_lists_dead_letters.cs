using SagaHub.Management.RabbitMq.Tests.Support;

namespace SagaHub.Management.RabbitMq.Tests;

/// <summary>Listing the error and skipped queues of a saga's and a service's endpoint: what each message is, why it is there, whose it is; nothing moves.</summary>
[Trait("Category", "Integration")]
public sealed class When_an_operator_lists_dead_letters : IAsyncLifetime
{
    private DeadLetterWorld world = null!;

    public async Task InitializeAsync() => world = await DeadLetterWorld.StartAsync();

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task Should_show_each_faulted_message_with_its_type_fault_source_queue_and_saga()
    {
        var started = DateTimeOffset.UtcNow.AddMinutes(-1);
        var onSaga = await world.FaultAsync(DeadLetterWorld.SagaQueue, 2);
        var sagaId = Guid.NewGuid();
        var onService = await world.SendAsync(DeadLetterWorld.ServiceQueue, "sent by a saga", sagaId);
        await world.WaitForDepthAsync(DeadLetterWorld.ServiceQueue + "_error", 1);

        var letters = await world.DeadLetters.ListAsync(null, 50);

        // MassTransit handles several messages at once, so the faults reach the error queue in any order.
        Assert.Equal(["work-saga_error", "work-saga_error", "work_error"], letters.Select(l => l.Queue));
        Assert.Equal(onSaga.Order(), letters.Take(2).Select(l => l.SagaId!.Value).Order());
        var first = letters.Single(l => l.SagaId == onSaga[0]);
        Assert.Equal("work-saga", first.SourceQueue);
        Assert.Equal("DoWork", first.MessageType);
        Assert.Equal("fault", first.Reason);
        Assert.Equal(typeof(InvalidOperationException).FullName, first.ExceptionType);
        Assert.Equal($"work {onSaga[0]} failed: {DeadLetterWorld.Failure}", first.FaultReason);
        Assert.InRange(first.FaultedAt!.Value, started, DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal("WorkSaga", first.SagaType);
        Assert.Equal(first.MessageId, first.Id);
        Assert.Contains("job 1", first.Body, StringComparison.Ordinal);
        var service = letters[2];
        Assert.Equal(("work_error", "work", "DoWork"), (service.Queue, service.SourceQueue, service.MessageType));
        Assert.Equal(("WorkSaga", sagaId), (service.SagaType, service.SagaId));
        Assert.Contains(onService.ToString(), service.FaultReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_leave_every_message_where_it_was()
    {
        await world.FaultAsync(DeadLetterWorld.SagaQueue, 3);

        var once = await world.DeadLetters.ListAsync("work-saga_error", 50);
        var twice = await world.DeadLetters.ListAsync("work-saga_error", 50);
        var some = await world.DeadLetters.ListAsync("work-saga_error", 2);

        Assert.Equal(3, once.Count);
        Assert.Equal(once.Select(l => l.Id), twice.Select(l => l.Id));
        Assert.Equal(once.Take(2).Select(l => l.Id), some.Select(l => l.Id));
        Assert.Equal(3u, await world.DepthAsync("work-saga_error"));
    }

    [Fact]
    public async Task Should_show_a_message_no_consumer_takes_as_skipped()
    {
        await world.SendUnhandledAsync(DeadLetterWorld.SagaQueue);
        await world.WaitForDepthAsync("work-saga_skipped", 1);

        var skipped = Assert.Single(await world.DeadLetters.ListAsync("work-saga_skipped", 50));

        Assert.Equal(("work-saga_skipped", "work-saga", "UnhandledWork"), (skipped.Queue, skipped.SourceQueue, skipped.MessageType));
        Assert.Equal("dead-letter", skipped.Reason);
        Assert.Null(skipped.ExceptionType);
        Assert.Equal("Skipped: no consumer on work-saga handles this message type.", skipped.FaultReason);
    }

    [Fact]
    public async Task Should_refuse_a_queue_the_host_does_not_serve_naming_those_it_does()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => world.DeadLetters.ListAsync("billing_error", 50));

        Assert.Equal("queue", error.ParamName);
        Assert.Contains("work-saga_error, work-saga_skipped, work_error, work_skipped, ghost_error, ghost_skipped", error.Message, StringComparison.Ordinal);
    }
}

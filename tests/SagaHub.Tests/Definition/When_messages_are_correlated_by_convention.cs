using SagaHub.Tests.Sagas;
using SagaHub.Tests.Support;

namespace SagaHub.Tests;

public interface IShipmentMessage
{
    Guid ShipmentId { get; }
}

public sealed record ShipmentBooked(Guid ShipmentId, Guid OrderId) : IShipmentMessage;

public sealed record ShipmentLost(Guid ShipmentId) : IShipmentMessage;

public sealed record Reserve(Guid OrderId);

public sealed record Reserved(Guid OrderId);

public sealed record MaybeReserved(Guid? OrderId);

public sealed record WithoutId(string Name);

/// <summary>
/// <c>CorrelateBy("OrderId")</c> and <c>CorrelateAll&lt;TContract&gt;(...)</c>: one declaration for every message that carries the
/// same id, a command's fault included; an explicit <c>Correlate&lt;T&gt;</c> still wins; validation names a message without the id.
/// </summary>
public sealed class When_messages_are_correlated_by_convention
{
    private static ISagaRunner Saga(Action<AdHocSaga>? more = null) => new AdHocSaga(s =>
    {
        s.CorrelateBy(nameof(Reserve.OrderId));
        s.Correlate<Go>(m => m.Id);
        s.SendTo("stock", typeof(Reserve));
        s.Initially<Go>().GoTo(AdHocStatus.A);
        s.During(AdHocStatus.A)
            .On<Reserved>().GoTo(AdHocStatus.Done)
            .On<MaybeReserved>().GoTo(AdHocStatus.Done)
            .OnFault<Reserve>().GoTo(AdHocStatus.Done);
        s.Final(AdHocStatus.Done);
        more?.Invoke(s);
    });

    [Fact]
    public void Should_correlate_each_message_by_its_property_and_a_fault_by_its_command()
    {
        var saga = Saga();
        var id = Guid.NewGuid();

        Assert.Equal(id, saga.Correlate(typeof(Reserved), new Reserved(id)));
        Assert.Equal(id, saga.Correlate(typeof(MaybeReserved), new MaybeReserved(id)));
        Assert.Equal(Guid.Empty, saga.Correlate(typeof(MaybeReserved), new MaybeReserved(null))); // empty: the runtime's correlation error
        Assert.Equal(id, saga.Correlate(typeof(CommandFault<Reserve>), TestFault.Of(new Reserve(id), "no stock")));
        Assert.Equal(id, saga.Correlate(typeof(Go), new Go(id))); // its own Correlate<Go>: Go has no OrderId
    }

    [Fact]
    public void Should_name_a_handled_message_without_the_property()
    {
        var saga = new AdHocSaga(s =>
        {
            s.CorrelateBy("OrderId");
            s.Correlate<Go>(m => m.Id);
            s.Initially<Go>().GoTo(AdHocStatus.A);
            s.During(AdHocStatus.A).On<WithoutId>().GoTo(AdHocStatus.Done).On<Ping>().GoTo(AdHocStatus.Done);
            s.Final(AdHocStatus.Done);
        });

        var error = Assert.Throws<SagaDefinitionException>(saga.Validate);

        Assert.Contains("state A handles 'WithoutId' but the saga has no Correlate<WithoutId>(...) and it has no public Guid property 'OrderId' for CorrelateBy", error.Problems);
        Assert.Contains(error.Problems, p => p.StartsWith("state A handles 'Ping'", StringComparison.Ordinal)); // Ping's Id is not OrderId
    }

    [Fact]
    public void Should_correlate_the_messages_of_a_shared_contract()
    {
        var saga = new AdHocSaga(s =>
        {
            s.CorrelateAll<IShipmentMessage>(m => m.ShipmentId);
            s.CorrelateBy("OrderId"); // ShipmentBooked has an OrderId too: the contract comes first
            s.Initially<ShipmentBooked>().GoTo(AdHocStatus.A);
            s.During(AdHocStatus.A).On<ShipmentLost>().GoTo(AdHocStatus.Done);
            s.Final(AdHocStatus.Done);
        });
        saga.Validate();
        var shipment = Guid.NewGuid();

        Assert.Equal(shipment, ((ISagaRunner)saga).Correlate(typeof(ShipmentBooked), new ShipmentBooked(shipment, Guid.NewGuid())));
        var instance = saga.NewInstance(shipment);
        saga.Fire(instance, new ShipmentBooked(shipment, Guid.NewGuid()), Guid.NewGuid(), Clock.T0);
        saga.Fire(instance, new ShipmentLost(shipment), Guid.NewGuid(), Clock.T0);
        Assert.Equal(AdHocStatus.Done, instance.Status);
    }

    [Fact]
    public void Should_refuse_a_second_convention()
    {
        var error = Assert.Throws<SagaDefinitionException>(() => ((AdHocSaga)Saga(s => s.CorrelateBy("Id"))).Validate());

        Assert.Contains(error.Problems, p => p.Contains("CorrelateBy is declared twice ('OrderId', 'Id')", StringComparison.Ordinal));
    }
}

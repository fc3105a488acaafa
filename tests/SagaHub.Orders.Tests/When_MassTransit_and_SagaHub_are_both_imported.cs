using MassTransit;
using SagaHub.Orders;

namespace SagaHub.Orders.Tests;

/// <summary>
/// User code imports both namespaces: SagaHub's saga interface is <see cref="ISagaDefinition"/>, so MassTransit's
/// <see cref="ISaga"/> stays unambiguous (this file would not compile with both named <c>ISaga</c>).
/// </summary>
public sealed class When_MassTransit_and_SagaHub_are_both_imported
{
    [Fact]
    public void Should_name_both_saga_interfaces_without_ambiguity()
    {
        ISagaDefinition saga = new OrderSaga(new OrderSagaOptions());
        var massTransits = typeof(ISaga);

        Assert.Equal("MassTransit", massTransits.Namespace);
        Assert.Equal(nameof(OrderSaga), saga.Name);
        Assert.False(typeof(ISaga).IsAssignableFrom(saga.GetType()));
    }
}

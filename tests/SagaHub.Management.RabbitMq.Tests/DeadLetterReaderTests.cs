using System.Text;
using RabbitMQ.Client;
using SagaHub.Management.RabbitMq.Tests.Support;

namespace SagaHub.Management.RabbitMq.Tests;

/// <summary>How a dead letter's type and saga are read from its envelope and headers, without a broker.</summary>
public sealed class DeadLetterReaderTests
{
    [Theory]
    [InlineData("urn:message:SagaHub.Contracts.Orders:OrderSubmitted", "OrderSubmitted")]
    [InlineData("urn:message:MassTransit:Fault[[SagaHub.Contracts.Payments:ChargePayment]]", "Fault<ChargePayment>")]
    [InlineData("urn:message:Plain", "Plain")]
    public void ShortType_MessageUrn_DropsTheNamespaces(string urn, string expected) =>
        Assert.Equal(expected, DeadLetterReader.ShortType(urn));

    [Fact]
    public void Read_MessageOnASagaQueueWithoutItsId_TakesTheEnvelopesCorrelationId()
    {
        var saga = Guid.NewGuid();
        var letter = Read("work-saga_error", $"{{\"messageId\":\"m-1\",\"correlationId\":\"{saga}\",\"messageType\":[\"urn:message:A:B\"],\"message\":{{\"note\":\"x\"}}}}");

        Assert.Equal(("WorkSaga", saga, "m-1"), (letter.SagaType, letter.SagaId, letter.Id));
    }

    [Fact]
    public void Read_MessageOnAServiceQueueFromNoKnownSaga_HasNoSaga()
    {
        var letter = Read("work_error", $"{{\"messageId\":\"m-2\",\"correlationId\":\"{Guid.NewGuid()}\",\"headers\":{{\"SagaHub-Saga\":\"OtherSaga\"}},\"message\":{{}}}}");

        Assert.Equal((null, null), (letter.SagaType, letter.SagaId));
    }

    [Fact]
    public void Read_BodyThatIsNotJsonAndNoMessageId_IsKnownByAHashOfItsBody()
    {
        var letter = Read("work_error", "{not json");

        Assert.StartsWith("sha256:", letter.Id, StringComparison.Ordinal);
        Assert.Equal(letter.Id, Read("work_error", "{not json").Id);
        Assert.Equal(("work", null, "{not json"), (letter.SourceQueue, letter.MessageType, letter.Body));
    }

    private static DeadLetter Read(string queue, string body) =>
        DeadLetterReader.Read(queue, new BasicProperties(), Encoding.UTF8.GetBytes(body), new WorkSagaRegistry());
}

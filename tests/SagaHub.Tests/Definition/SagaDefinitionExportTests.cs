using SagaHub.Tests.Sagas;

namespace SagaHub.Tests;

public class SagaDefinitionExportTests
{
    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).ToArray();

    private static void AssertLine(string diagram, string line) =>
        Assert.True(Lines(diagram).Contains(line), $"missing line '{line}' in:\n{diagram}");

    [Fact]
    public void ToMermaid_OrderSaga_StartsWithStateDiagram()
    {
        var mermaid = new TestOrderSaga().ToMermaid();

        Assert.StartsWith("stateDiagram-v2\n", mermaid, StringComparison.Ordinal);
    }

    [Fact]
    public void ToMermaid_OrderSaga_DrawsTheInitialEdge()
    {
        AssertLine(new TestOrderSaga().ToMermaid(), "[*] --> Reserving : SubmitOrder");
    }

    [Fact]
    public void ToMermaid_GuardSaga_LabelsGuardsAndOtherwise()
    {
        var mermaid = new GuardSaga().ToMermaid();

        AssertLine(mermaid, "Open --> Large : Deposit [amount above 100]");
        AssertLine(mermaid, "Open --> Refused : Deposit [negative amount]");
        AssertLine(mermaid, "Open --> Small : Deposit [otherwise]");
    }

    [Fact]
    public void ToMermaid_OrderSaga_LabelsTheTimeout()
    {
        AssertLine(new TestOrderSaga().ToMermaid(), "Reserving --> Cancelled : after 2m");
    }

    [Fact]
    public void ToMermaid_OrderSaga_DrawsCompensationEdges()
    {
        var mermaid = new TestOrderSaga().ToMermaid();

        AssertLine(mermaid, "Charging --> Compensating : PaymentFailed / compensate");
        AssertLine(mermaid, "Charging --> Compensating : ChargePayment faulted / compensate");
        AssertLine(mermaid, "Shipping --> Compensating : after 30m / compensate");
        AssertLine(mermaid, "Compensating --> Cancelled : compensated");
        AssertLine(mermaid, "Compensating --> NeedsAttention : compensation failed");
        Assert.DoesNotContain("Charging --> Cancelled", mermaid, StringComparison.Ordinal);
    }

    [Fact]
    public void ToMermaid_OrderSaga_EndsFinalStates()
    {
        var mermaid = new TestOrderSaga().ToMermaid();

        AssertLine(mermaid, "Completed --> [*]");
        AssertLine(mermaid, "Cancelled --> [*]");
        Assert.DoesNotContain("NeedsAttention --> [*]", mermaid, StringComparison.Ordinal);
    }

    [Fact]
    public void ToMermaid_RefundSaga_LabelsTaskOutcomesAndNotesTheTask()
    {
        var mermaid = new TestRefundSaga().ToMermaid();

        AssertLine(mermaid, "AwaitingApproval --> Approved : approved");
        AssertLine(mermaid, "AwaitingApproval --> Denied : rejected");
        AssertLine(mermaid, "AwaitingApproval --> Expired : expired");
        AssertLine(mermaid, "note right of AwaitingApproval");
        AssertLine(mermaid, "Approve refund: finance, due 48h, then finance-lead for 24h");
    }

    [Fact]
    public void ToMermaid_TripSaga_LabelsJoins()
    {
        var mermaid = new TripSaga().ToMermaid();

        AssertLine(mermaid, "Booking --> Extras : all of FlightBooked + HotelBooked");
        AssertLine(mermaid, "Extras --> Booked : all of CarBooked + InsuranceBought");
    }

    [Fact]
    public void ToDot_OrderSaga_IsADigraphWithDoubleCircledFinals()
    {
        var dot = new TestOrderSaga().ToDot();

        Assert.StartsWith("digraph \"TestOrderSaga\"", dot, StringComparison.Ordinal);
        AssertLine(dot, "\"Completed\" [label=\"Completed\", shape=doublecircle];");
        AssertLine(dot, "\"Cancelled\" [label=\"Cancelled\", shape=doublecircle];");
        AssertLine(dot, "\"Shipping\" [label=\"Shipping\"];");
        AssertLine(dot, "\"[*]\" -> \"Reserving\" [label=\"SubmitOrder\"];");
        Assert.EndsWith("}\n", dot, StringComparison.Ordinal);
    }

    [Fact]
    public void FinalStates_OrderSaga_ListsTheFinalStates()
    {
        Assert.Equal(["Cancelled", "Completed"], new TestOrderSaga().FinalStates.Order());
    }
}

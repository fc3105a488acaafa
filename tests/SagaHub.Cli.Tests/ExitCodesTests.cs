namespace SagaHub.Cli.Tests;

public sealed class ExitCodesTests
{
    [Theory]
    [InlineData(400, ExitCodes.Refused)]
    [InlineData(401, ExitCodes.Refused)]
    [InlineData(403, ExitCodes.Refused)]
    [InlineData(422, ExitCodes.Refused)]
    [InlineData(404, ExitCodes.NotFound)]
    [InlineData(409, ExitCodes.Conflict)]
    [InlineData(500, ExitCodes.Unavailable)]
    [InlineData(503, ExitCodes.Unavailable)]
    public void OfStatus_Status_MapsToTheDocumentedCode(int status, int expected)
    {
        Assert.Equal(expected, ExitCodes.OfStatus(status));
    }

    [Fact]
    public void All_EveryCode_IsDocumentedOnceInOrder()
    {
        Assert.Equal([0, 1, 2, 3, 4, 5], ExitCodes.All.Select(c => c.Code));
    }
}

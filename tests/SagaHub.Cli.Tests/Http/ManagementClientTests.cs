namespace SagaHub.Cli.Tests.Http;

public sealed class ManagementClientTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5080", "/sagahub", "http://127.0.0.1:5080/sagahub/")]
    [InlineData("http://127.0.0.1:5080/", "sagahub/", "http://127.0.0.1:5080/sagahub/")]
    [InlineData("https://ops.example.org/orders/", "/sagahub", "https://ops.example.org/orders/sagahub/")]
    [InlineData("http://localhost:5080", "/", "http://localhost:5080/")]
    [InlineData("http://localhost:5080?x=1", "/ops/api", "http://localhost:5080/ops/api/")]
    public void BaseUriOf_UrlAndPrefix_JoinsThemWithOneSlash(string url, string prefix, string expected)
    {
        Assert.Equal(expected, ManagementClient.BaseUriOf(url, prefix)!.ToString());
    }

    [Theory]
    [InlineData("127.0.0.1:5080")]
    [InlineData("ftp://example.org")]
    [InlineData("sagahub")]
    public void BaseUriOf_NotAnHttpAddress_ReturnsNull(string url)
    {
        Assert.Null(ManagementClient.BaseUriOf(url, "/sagahub"));
    }

    [Fact]
    public void UriOf_Query_EscapesValuesAndLeavesOutNulls()
    {
        using var client = new ManagementClient(new Uri("http://localhost/sagahub/"), apiKey: null);

        var uri = client.UriOf("sagas", [new("type", "Repair Saga"), new("state", null), new("search.customer", "a&b=c")]);

        Assert.Equal("http://localhost/sagahub/sagas?type=Repair%20Saga&search.customer=a%26b%3Dc", uri.AbsoluteUri);
    }
}

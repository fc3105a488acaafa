using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using static SagaHub.OrdersService.Tests.OrdersServiceFixture;

namespace SagaHub.OrdersService.Tests;

/// <summary>Every rule of POST /orders: 400 application/problem+json whose errors name the field by JSON path.</summary>
[Collection(OrdersServiceCollection.Name)]
public sealed class When_an_order_is_validated(OrdersServiceFixture service)
{
    private const string Line = """{"sku":"SKU-RED","quantity":1,"unitPrice":10.00}""";

    public static TheoryData<string, string, string> Rules => new()
    {
        { "customer id missing", $$"""{"lines":[{{Line}}]}""", "customerId" },
        { "customer id empty", $$"""{"customerId":"","lines":[{{Line}}]}""", "customerId" },
        { "customer id blank", $$"""{"customerId":"   ","lines":[{{Line}}]}""", "customerId" },
        { "lines missing", """{"customerId":"c-1"}""", "lines" },
        { "lines empty", """{"customerId":"c-1","lines":[]}""", "lines" },
        { "too many lines", $$"""{"customerId":"c-1","lines":[{{string.Join(",", Enumerable.Repeat(Line, 51))}}]}""", "lines" },
        { "line null", """{"customerId":"c-1","lines":[null]}""", "lines[0]" },
        { "sku missing", """{"customerId":"c-1","lines":[{"quantity":1,"unitPrice":1}]}""", "lines[0].sku" },
        { "sku unknown (second line)", $$"""{"customerId":"c-1","lines":[{{Line}},{"sku":"SKU-NOPE","quantity":1,"unitPrice":1}]}""", "lines[1].sku" },
        { "quantity missing", """{"customerId":"c-1","lines":[{"sku":"SKU-RED","unitPrice":1}]}""", "lines[0].quantity" },
        { "quantity zero", """{"customerId":"c-1","lines":[{"sku":"SKU-RED","quantity":0,"unitPrice":1}]}""", "lines[0].quantity" },
        { "quantity negative", """{"customerId":"c-1","lines":[{"sku":"SKU-RED","quantity":-3,"unitPrice":1}]}""", "lines[0].quantity" },
        { "quantity above max", """{"customerId":"c-1","lines":[{"sku":"SKU-RED","quantity":1001,"unitPrice":1}]}""", "lines[0].quantity" },
        { "quantity not a whole number", """{"customerId":"c-1","lines":[{"sku":"SKU-RED","quantity":1.5,"unitPrice":1}]}""", "lines[0].quantity" },
        { "quantity not a number", """{"customerId":"c-1","lines":[{"sku":"SKU-RED","quantity":"many","unitPrice":1}]}""", "lines[0].quantity" },
        { "unit price missing", """{"customerId":"c-1","lines":[{"sku":"SKU-RED","quantity":1}]}""", "lines[0].unitPrice" },
        { "unit price negative", """{"customerId":"c-1","lines":[{"sku":"SKU-RED","quantity":1,"unitPrice":-0.01}]}""", "lines[0].unitPrice" },
        { "unit price above max", """{"customerId":"c-1","lines":[{"sku":"SKU-RED","quantity":1,"unitPrice":1000000.01}]}""", "lines[0].unitPrice" },
        { "customer id not a string", $$"""{"customerId":42,"lines":[{{Line}}]}""", "customerId" },
        { "body null", "null", "$" },
        { "body an array", "[]", "$" },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public async Task Should_answer_400_naming_the_field_to_an_invalid_order(string rule, string body, string field)
    {
        using var response = await service.PostJsonAsync("/orders", body);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field, because: rule);
    }

    [Fact]
    public async Task Should_report_every_broken_rule_at_once()
    {
        using var response = await service.PostJsonAsync("/orders", """{"customerId":"","lines":[{"sku":"SKU-X","quantity":0,"unitPrice":-1}]}""");

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "customerId");
        var errors = problem.GetProperty("errors");
        Assert.Equal(
            ["customerId", "lines[0].quantity", "lines[0].sku", "lines[0].unitPrice"],
            errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Should_answer_400_saying_the_body_is_not_valid_json_to_malformed_json()
    {
        using var response = await service.PostJsonAsync("/orders", """{"customerId": "c-1", "lines": [ """);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("The request body is not valid JSON.", problem.GetProperty("title").GetString());
        Assert.Equal(JsonValueKind.Object, problem.GetProperty("errors").ValueKind);
    }

    [Fact]
    public async Task Should_answer_400_to_an_empty_body()
    {
        using var response = await service.PostJsonAsync("/orders", string.Empty);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "$");
    }

    [Fact]
    public async Task Should_answer_415_to_a_body_that_is_not_json()
    {
        using var content = new StringContent("customerId=c-1", Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await service.Client.PostAsync(new Uri("/orders", UriKind.Relative), content);

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Should_answer_413_to_a_body_over_the_limit()
    {
        var padding = new string('x', 70 * 1024);
        using var response = await service.PostJsonAsync("/orders", $$"""{"customerId":"c-1","padding":"{{padding}}","lines":[{{Line}}]}""");

        var problem = await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains((64 * 1024).ToString(CultureInfo.InvariantCulture), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_answer_413_to_a_chunked_body_over_the_limit()
    {
        var bytes = Encoding.UTF8.GetBytes($$"""{"customerId":"c-1","padding":"{{new string('x', 70 * 1024)}}","lines":[{{Line}}]}""");
        using var content = new StreamContent(new UnknownLengthStream(bytes));
        content.Headers.ContentType = new("application/json");
        using var response = await service.Client.PostAsync(new Uri("/orders", UriKind.Relative), content);

        Assert.Null(content.Headers.ContentLength);
        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Should_ignore_unknown_fields()
    {
        using var response = await service.PostJsonAsync("/orders", $$"""{"customerId":"c-1","coupon":"SAVE10","lines":[{"sku":"SKU-GREEN","quantity":1,"unitPrice":2.5,"colour":"green"}]}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>A readable stream that does not report its length, so the client sends the body chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }
    }
}

namespace SagaHub.ServiceDefaults.Tests;

public sealed class ConnectionStringRedactionTests
{
    [Theory]
    [InlineData("Host=postgres;Username=sagahub;Password=secret;Database=sagahub", "Host=postgres;Username=sagahub;Password=***;Database=sagahub")]
    [InlineData("password=secret;Host=postgres", "password=***;Host=postgres")]
    [InlineData("Server=db;Pwd=secret;Database=app", "Server=db;Pwd=***;Database=app")]
    [InlineData("Server=db; PWD = secret ;Database=app", "Server=db; PWD = ***;Database=app")]
    [InlineData("Host=postgres;Password=\"se;cr\"\"et\";Database=sagahub", "Host=postgres;Password=***;Database=sagahub")]
    [InlineData("Password='se;cr''et';Host=postgres", "Password=***;Host=postgres")]
    [InlineData("Host=postgres;Username=sagahub;Password=secret", "Host=postgres;Username=sagahub;Password=***")]
    [InlineData("Host=postgres;Password=secret;", "Host=postgres;Password=***;")]
    [InlineData("Password=first;Host=postgres;pwd=second", "Password=***;Host=postgres;pwd=***")]
    [InlineData("Host=postgres;Password=", "Host=postgres;Password=***")]
    [InlineData("amqp://sagahub:secret@rabbitmq:5672/", "amqp://sagahub:***@rabbitmq:5672/")]
    [InlineData("postgres://sagahub:se%40cret@postgres/sagahub", "postgres://sagahub:***@postgres/sagahub")]
    public void Redact_Password_IsMasked(string connectionString, string expected)
    {
        var redacted = ConnectionStringRedaction.Redact(connectionString);

        Assert.Equal(expected, redacted);
        Assert.DoesNotContain("secret", redacted, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Host=postgres;Database=sagahub;Username=sagahub")]
    [InlineData("Host=postgres;OldPassword=kept;PasswordHint=kept;Persist Security Info=false")]
    [InlineData("amqp://rabbitmq:5672/")]
    [InlineData("amqp://sagahub@rabbitmq/")]
    public void Redact_NoPassword_LeavesTheStringAsItWas(string connectionString)
    {
        Assert.Equal(connectionString, ConnectionStringRedaction.Redact(connectionString));
    }

    [Fact]
    public void Redact_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => ConnectionStringRedaction.Redact(null!));
    }
}

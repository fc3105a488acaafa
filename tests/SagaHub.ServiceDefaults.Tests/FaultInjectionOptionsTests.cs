using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace SagaHub.ServiceDefaults.Tests;

public sealed class FaultInjectionOptionsTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    public void FromConfiguration_CrashAfterCommitsBelowOne_IsAnErrorNamingTheKey(string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Faults:CrashAfterCommits", value)]).Build();

        var error = Assert.Throws<OptionsValidationException>(() => FaultInjectionOptions.FromConfiguration(configuration));

        Assert.Contains($"Faults:CrashAfterCommits must be 1 or more (was {value})", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfiguration_NoSection_NoFault()
    {
        var options = FaultInjectionOptions.FromConfiguration(new ConfigurationBuilder().Build());

        Assert.False(options.Any);
    }
}

using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using SagaHub.EntityFrameworkCore;

namespace SagaHub.Orders.Tests.Readme;

/// <summary>The README cannot drift: its snippets are the compiled ones, its diagram is generated from OrderSaga.</summary>
public sealed partial class ReadmeTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public void Readme_OrderSagaDiagram_IsTheGeneratedMermaid()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var block = MermaidBlock().Match(readme);
        Assert.True(block.Success, "README.md has no ```mermaid block");
        Assert.Equal(new OrderSaga().ToMermaid(), block.Groups[1].Value);
    }

    [Theory]
    [InlineData("saga")]
    [InlineData("registration")]
    [InlineData("durable-registration")]
    [InlineData("pure-test", "ReadmeTestingSnippets.cs")]
    [InlineData("harness-test", "ReadmeTestingSnippets.cs")]
    public void Readme_Snippet_IsTheCompiledCode(string name, string file = "ReadmeSnippets.cs")
    {
        var source = File.ReadAllText(Path.Combine(Root, "tests", "SagaHub.Orders.Tests", "Readme", file));
        var snippet = Regex.Match(source, $@"// begin-snippet: {name}\n(.*?)// end-snippet", RegexOptions.Singleline);
        Assert.True(snippet.Success, $"snippet {name} not found");
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        Assert.Contains(Normalize(snippet.Groups[1].Value), CodeBlocks().Matches(readme).Select(m => Normalize(m.Groups[1].Value)));
    }

    [Fact]
    public void Readme_Registration_BuildsAValidSaga()
    {
        var services = ReadmeRegistration.Register(new ServiceCollection());
        Assert.Contains(services, d => d.ImplementationInstance is CheckoutSaga);
    }

    [Fact]
    public void Readme_DurableRegistration_UsesTheEntityFrameworkStore()
    {
        var services = ReadmeDurableRegistration.Register(new ServiceCollection(), "Host=localhost;Database=sagahub;Username=sagahub;Password=sagahub");
        Assert.Contains(services, d => d.ServiceType == typeof(EfSagaStore));
        Assert.Contains(services, d => d.ImplementationInstance is SagaStoreOptions { Schema: "checkout", Provider: SagaStoreProvider.PostgreSql });
    }

    [Fact]
    public void Readme_CheckoutSaga_IsValid() => new CheckoutSaga().Validate();

    private static string Normalize(string code) => string.Join('\n', code.Replace("\r", string.Empty, StringComparison.Ordinal).Trim().Split('\n').Select(l => l.TrimEnd()));

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SagaHub.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("SagaHub.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("```mermaid\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex MermaidBlock();

    [GeneratedRegex("```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlocks();
}

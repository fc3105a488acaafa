namespace SagaHub.ServiceDefaults.Tests.Docker;

/// <summary>The pieces <see cref="DockerComposeFilesTests"/> stands on: the YAML reader, the compose model, the Dockerfile reader and the options resolver.</summary>
public sealed class DockerComposeReaderTests
{
    private const string Compose = """
        # infrastructure
        name: demo
        x-common: &common
          restart: unless-stopped
          stop_grace_period: 30s
        x-env: &env
          RabbitMq__Host: rabbitmq   # a comment after a value
          Url: http://0.0.0.0:5080
        services:
          api:
            <<: *common
            restart: "no"
            build:
              context: ..
              dockerfile: docker/Dockerfile.service
              args:
                PROJECT: SagaHub.Inventory
            environment:
              <<: *env
              Quoted: "a \"b\" #not-a-comment\\r\\n"
              Single: 'it''s'
              Empty:
            healthcheck:
              test: ["CMD", "bash", "-c", "echo ok, done", plain]
            depends_on:
              db:
                condition: service_healthy
            ports:
              - "127.0.0.1:5080:5080"
            command:
            - --Key=value
            - name: item
              other: 2
          db:
            image: postgres:15.8
            environment:
              - POSTGRES_USER=sagahub
              - PASSTHROUGH
            volumes: {}
        """;

    [Fact]
    public void Read_TheComposeSubset_GivesMappingsSequencesAndScalars()
    {
        var root = Assert.IsType<YamlMapping>(YamlSubsetReader.Read(Compose, "inline"));

        Assert.Equal(["name", "x-common", "x-env", "services"], root.Entries.Select(e => e.Key));
        var api = Assert.IsType<YamlMapping>(Assert.IsType<YamlMapping>(root["services"])["api"]);
        Assert.Equal("no", Value(api["restart"]));
        Assert.Equal("30s", Value(api["stop_grace_period"]));
        var environment = Assert.IsType<YamlMapping>(api["environment"]);
        Assert.Equal("a \"b\" #not-a-comment\\r\\n", Value(environment["Quoted"]));
        Assert.Equal("it's", Value(environment["Single"]));
        Assert.Null(Value(environment["Empty"]));
        Assert.Equal("rabbitmq", Value(environment["RabbitMq__Host"]));
        Assert.Equal("http://0.0.0.0:5080", Value(environment["Url"]));
        var test = Assert.IsType<YamlSequence>(Assert.IsType<YamlMapping>(api["healthcheck"])["test"]);
        Assert.Equal(["CMD", "bash", "-c", "echo ok, done", "plain"], test.Items.Select(Value));
        var command = Assert.IsType<YamlSequence>(api["command"]);
        Assert.Equal("--Key=value", Value(command.Items[0]));
        var item = Assert.IsType<YamlMapping>(command.Items[1]);
        Assert.Equal(("item", "2"), (Value(item["name"]), Value(item["other"])));
        var db = Assert.IsType<YamlMapping>(Assert.IsType<YamlMapping>(root["services"])["db"]);
        Assert.Empty(Assert.IsType<YamlMapping>(db["volumes"]).Entries);
    }

    [Fact]
    public void Read_MergeKey_AddsTheAnchorsEntriesWithoutReplacingOwnKeys()
    {
        var api = (YamlMapping)((YamlMapping)((YamlMapping)YamlSubsetReader.Read(Compose, "inline"))["services"]!)["api"]!;

        Assert.Equal("no", Value(api["restart"]));
        Assert.Equal("30s", Value(api["stop_grace_period"]));
        Assert.Equal(1, api.Entries.Count(e => e.Key == "restart"));
        Assert.DoesNotContain(api.Entries, e => e.Key == "<<");
    }

    [Fact]
    public void ComposeService_From_ReadsBuildEnvironmentHealthCheckDependenciesAndPorts()
    {
        var path = Path.Combine(Path.GetTempPath(), $"compose-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, Compose);
        try
        {
            var file = ComposeFile.Load(path, "inline.yaml");

            var api = file.Services.Single(s => s.Name == "api");
            Assert.Equal(("..", "docker/Dockerfile.service"), (api.Build!.Context, api.Build.Dockerfile));
            Assert.Equal([new("PROJECT", "SagaHub.Inventory")], api.Build.Args);
            Assert.Equal(["Quoted", "Single", "Empty", "RabbitMq__Host", "Url"], api.Environment.Select(e => e.Key));
            Assert.Equal("CMD bash -c echo ok, done plain", api.HealthCheck);
            Assert.Equal("service_healthy", api.DependsOn["db"]);
            Assert.Equal(["127.0.0.1:5080:5080"], api.Ports);
            var db = file.Services.Single(s => s.Name == "db");
            Assert.Null(db.Build);
            Assert.Equal("postgres:15.8", db.Image);
            Assert.Equal([new("POSTGRES_USER", "sagahub"), new("PASSTHROUGH", null)], db.Environment);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("a: 1\n\tb: 2", "inline:2: indent with spaces, not tabs")]
    [InlineData("a: |\n  text", "inline:1: block scalars (| and >) are not supported")]
    [InlineData("a: {b: 1}", "inline:1: flow mappings")]
    [InlineData("a: [1,\n  2]", "inline:1: a flow sequence must close on its line")]
    [InlineData("a: *missing", "inline:1: alias '*missing' names no anchor")]
    [InlineData("a: 1\na: 2", "inline:2: duplicate key 'a'")]
    [InlineData("a:\n  b: 1\n    c: 2", "inline:3: unexpected indentation")]
    [InlineData("a: b: c", "inline:1: a mapping cannot start on the line of its key")]
    [InlineData("a: \"open", "inline:1: unterminated double-quoted value")]
    [InlineData("a: \"\\q\"", "inline:1: unknown escape")]
    [InlineData("a: 1\n---\nb: 2", "inline:2: only one document is supported")]
    [InlineData("x: &m 1\na:\n  <<: *m", "inline:3: '<<' must merge a mapping")]
    public void Read_OutsideTheSubset_FailsNamingTheLine(string yaml, string expected)
    {
        var error = Assert.Throws<FormatException>(() => YamlSubsetReader.Read(yaml, "inline"));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DockerfileInfo_Parse_ReadsArgumentsAndTheFinalStagesImageAndEnvironment()
    {
        var dockerfile = DockerfileInfo.Parse("""
            # comment
            ARG TAG=10.0
            FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
            ARG PROJECT
            ENV IN_BUILD=1
            FROM --platform=linux/amd64 mcr.microsoft.com/dotnet/aspnet:10.0-noble AS runtime
            ARG PROJECT
            ENV ASPNETCORE_HTTP_PORTS= \
                OTHER="two"
            ENV LEGACY value with spaces
            """);

        Assert.Equal(new Dictionary<string, string?> { ["TAG"] = "10.0", ["PROJECT"] = null }, dockerfile.Args);
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0-noble", dockerfile.RuntimeImage);
        Assert.Equal(new Dictionary<string, string> { ["ASPNETCORE_HTTP_PORTS"] = string.Empty, ["OTHER"] = "two", ["LEGACY"] = "value with spaces" }, dockerfile.RuntimeEnvironment);
    }

    [Theory]
    [InlineData("SagaHub.Inventory", "Inventory:Database:ConnectionString")]
    [InlineData("SagaHub.Inventory", "inventory:database:provider")]
    [InlineData("SagaHub.Inventory", "Inventory:InitialStock:SKU-RED")]
    [InlineData("SagaHub.Inventory", "Inventory:Retry:RetryLimit")]
    [InlineData("SagaHub.Inventory", "Inventory:ConsumerRetry:ReserveStockConsumer:RetryLimit")]
    [InlineData("SagaHub.Payments", "Payments:DeclineCustomers:0")]
    [InlineData("SagaHub.Payments", "Bus:StopTimeout")]
    [InlineData("SagaHub.Payments", "RabbitMq:Password")]
    [InlineData("SagaHub.OrdersService", "SagaHub:Store:ConnectionString")]
    [InlineData("SagaHub.OrdersService", "SagaHub:TimerPollInterval")]
    [InlineData("SagaHub.OrdersService", "OrdersApi:ApiKey")]
    [InlineData("SagaHub.OrdersService", "OrdersApi:KnownSkus:0")]
    [InlineData("SagaHub.OrdersService", "RefundSaga:DecisionDue")]
    public void OptionsKeyResolver_KeyOfAnOptionsProperty_HasNoProblem(string program, string key)
    {
        Assert.Null(OptionsKeyResolver.ForProgram(program).Problem(key));
    }

    [Theory]
    [InlineData("SagaHub.OrdersService", "ConnectionStrings:Orders", "no options class of SagaHub.OrdersService is bound from the section 'ConnectionStrings'")]
    [InlineData("SagaHub.Inventory", "OrdersApi:Url", "no options class of SagaHub.Inventory is bound from the section 'OrdersApi'")]
    [InlineData("SagaHub.Inventory", "Inventory:Databse:ConnectionString", "InventoryOptions (section Inventory) has no property 'Databse'")]
    [InlineData("SagaHub.Inventory", "Inventory:QueueName", "InventoryOptions (section Inventory) has no settable property 'QueueName'")]
    [InlineData("SagaHub.Inventory", "Inventory:Database", "'Inventory:Database' names InventoryOptions (section Inventory).Database, a ServiceDatabaseOptions with keys of its own")]
    [InlineData("SagaHub.Inventory", "Inventory:Database:ConnectionString:x", "InventoryOptions (section Inventory).Database.ConnectionString is a value of type String")]
    [InlineData("SagaHub.Payments", "Payments:DeclineCustomers:first", "PaymentsOptions (section Payments).DeclineCustomers is a list of String; 'first' is not an index")]
    [InlineData("SagaHub.Payments", "Bus", "'Bus' names BusOptions (section Bus), a BusOptions with keys of its own")]
    public void OptionsKeyResolver_KeyOfNoProperty_SaysWhatIsMissing(string program, string key, string expected)
    {
        var problem = OptionsKeyResolver.ForProgram(program).Problem(key);

        Assert.NotNull(problem);
        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
    }

    private static string? Value(YamlNode? node) => Assert.IsType<YamlScalar>(node).Value;
}

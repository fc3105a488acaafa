namespace SagaHub.IntegrationTests;

/// <summary>The command the test holds.</summary>
public sealed record HeldCommand(string Text);

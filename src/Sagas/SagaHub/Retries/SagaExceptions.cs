namespace SagaHub;

internal static class SagaExceptions
{
    public static readonly Type[] NeverRetried =
    [
        typeof(SagaNotFoundException),
        typeof(SagaCorrelationException),
        typeof(SagaDefinitionException),
        typeof(SagaConfigurationException),
        typeof(SagaExecutionException),
        typeof(MessageTooLargeException),
    ];
}

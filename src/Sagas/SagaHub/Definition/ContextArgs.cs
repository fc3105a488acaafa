namespace SagaHub;

internal readonly record struct ContextArgs<TData>(Guid SagaId, TData Data, string State, DateTimeOffset Now, FireEffects Effects, Guid MessageId)
    where TData : class;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace SagaHub.EntityFrameworkCore;

/// <summary>One EF model per (provider, schema): stores with different schemas live side by side in one process.</summary>
internal sealed class SagaStoreModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        context is SagaStoreDbContext store ? (context.GetType(), store.Tables, designTime) : (context.GetType(), designTime);
}

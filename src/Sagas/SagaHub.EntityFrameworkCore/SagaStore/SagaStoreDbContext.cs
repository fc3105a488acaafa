using Microsoft.EntityFrameworkCore;

namespace SagaHub.EntityFrameworkCore;

/// <summary>The saga store's own context: sagas, history, tasks, inbox and outbox in one schema.</summary>
internal sealed class SagaStoreDbContext(DbContextOptions<SagaStoreDbContext> options, SagaHubTables tables) : DbContext(options)
{
    public SagaHubTables Tables => tables;

    public DbSet<SagaRow> Sagas => Set<SagaRow>();

    public DbSet<HistoryRow> History => Set<HistoryRow>();

    public DbSet<TaskRow> Tasks => Set<TaskRow>();

    public DbSet<InboxMessage> Inbox => Set<InboxMessage>();

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    public DbSet<AuditRow> Audit => Set<AuditRow>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) => tables.ConfigureConventions(configurationBuilder);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var schema = tables.EfSchema;
        tables.MapInboxAndOutbox(modelBuilder);
        modelBuilder.Entity<SagaRow>(e =>
        {
            e.ToTable(tables.Table("sagas"), schema);
            e.HasKey(x => new { x.SagaType, x.SagaId });
            e.Property(x => x.SagaType).HasColumnName("saga_type");
            e.Property(x => x.SagaId).HasColumnName("saga_id");
            e.Property(x => x.State).HasColumnName("state");
            e.Property(x => x.IsFinal).HasColumnName("is_final");
            e.Property(x => x.Data).HasColumnName("data").HasColumnType(tables.JsonType);
            e.Property(x => x.Version).HasColumnName("version").IsConcurrencyToken();
            e.Property(x => x.LastSequence).HasColumnName("last_sequence");
            e.Property(x => x.DefinitionVersion).HasColumnName("definition_version");
            e.Property(x => x.DeadlineId).HasColumnName("deadline_id");
            e.Property(x => x.DeadlineDueAt).HasColumnName("deadline_due_at");
            e.Property(x => x.DeadlineKind).HasColumnName("deadline_kind").HasConversion<string>();
            e.Property(x => x.ClaimedDeadlineId).HasColumnName("claimed_deadline_id");
            e.Property(x => x.ClaimedUntil).HasColumnName("claimed_until");
            e.Property(x => x.Compensations).HasColumnName("compensations").HasColumnType(tables.JsonType);
            e.Property(x => x.Runtime).HasColumnName("runtime").HasColumnType(tables.JsonType);
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.UpdatedAt).HasColumnName("updated_at");
            e.Property(x => x.IsParked).HasColumnName("is_parked");
            e.Property(x => x.ExpectedBy).HasColumnName("expected_by");
            e.Property(x => x.SearchValues).HasColumnName("search_values").HasColumnType(tables.JsonType);
        });
        modelBuilder.Entity<HistoryRow>(e =>
        {
            e.ToTable(tables.Table("saga_history"), schema);
            e.HasKey(x => new { x.SagaType, x.SagaId, x.Sequence });
            e.Property(x => x.SagaType).HasColumnName("saga_type");
            e.Property(x => x.SagaId).HasColumnName("saga_id");
            e.Property(x => x.Sequence).HasColumnName("sequence").ValueGeneratedNever();
            e.Property(x => x.FromState).HasColumnName("from_state");
            e.Property(x => x.ToState).HasColumnName("to_state");
            e.Property(x => x.Trigger).HasColumnName("trigger");
            e.Property(x => x.MessageId).HasColumnName("message_id");
            e.Property(x => x.At).HasColumnName("at");
            e.Property(x => x.Kind).HasColumnName("kind").HasConversion<string>();
            e.Property(x => x.Detail).HasColumnName("detail");
        });
        modelBuilder.Entity<TaskRow>(e =>
        {
            e.ToTable(tables.Table("human_tasks"), schema);
            e.HasKey(x => x.TaskId);
            e.Property(x => x.TaskId).HasColumnName("task_id").ValueGeneratedNever();
            e.Property(x => x.SagaType).HasColumnName("saga_type");
            e.Property(x => x.SagaId).HasColumnName("saga_id");
            e.Property(x => x.Name).HasColumnName("name");
            e.Property(x => x.State).HasColumnName("state");
            e.Property(x => x.Assignee).HasColumnName("assignee");
            e.Property(x => x.EscalateTo).HasColumnName("escalate_to");
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            e.Property(x => x.DueAt).HasColumnName("due_at");
            e.Property(x => x.ExpiresAt).HasColumnName("expires_at");
            e.Property(x => x.Escalated).HasColumnName("escalated");
            e.Property(x => x.Status).HasColumnName("status").HasConversion<string>();
            e.Property(x => x.DecidedBy).HasColumnName("decided_by");
            e.Property(x => x.ClosedAt).HasColumnName("closed_at");
        });
        modelBuilder.Entity<AuditRow>(e =>
        {
            e.ToTable(tables.Table("operator_audit"), schema);
            e.HasKey(x => x.Sequence);
            e.Property(x => x.Sequence).HasColumnName("sequence").ValueGeneratedOnAdd();
            e.HasAlternateKey(x => x.EntryId);
            e.Property(x => x.EntryId).HasColumnName("entry_id").ValueGeneratedNever();
            e.Property(x => x.RequestId).HasColumnName("request_id");
            e.Property(x => x.At).HasColumnName("at");
            e.Property(x => x.Actor).HasColumnName("actor");
            e.Property(x => x.Reason).HasColumnName("reason");
            e.Property(x => x.Action).HasColumnName("action");
            e.Property(x => x.Target).HasColumnName("target");
            e.Property(x => x.Outcome).HasColumnName("outcome").HasConversion<string>();
            e.Property(x => x.Summary).HasColumnName("summary");
            e.Property(x => x.Detail).HasColumnName("detail");
        });
    }
}

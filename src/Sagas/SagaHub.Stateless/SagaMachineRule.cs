using Stateless.Reflection;

namespace SagaHub.Stateless;

/// <summary>One behaviour of a trigger in a state; <see cref="Guard"/> null means it always applies.</summary>
internal sealed record SagaMachineRule<TStatus>(SagaMachineBehaviour Kind, string Description)
    where TStatus : struct, Enum
{
    public Func<object?, bool>? Guard { get; init; }

    public TStatus Destination { get; init; }

    public Func<object?, TStatus>? Select { get; init; }

    public DynamicStateInfos? Possible { get; init; }

    public static SagaMachineRule<TStatus> Ignore(Func<object?, bool>? guard, string description) => new(SagaMachineBehaviour.Ignore, description) { Guard = guard };

    public static SagaMachineRule<TStatus> Stay(Func<object?, bool>? guard, string description) => new(SagaMachineBehaviour.Stay, description) { Guard = guard };

    public static SagaMachineRule<TStatus> Move(TStatus destination, string description) => new(SagaMachineBehaviour.Move, description) { Destination = destination };

    public static SagaMachineRule<TStatus> Dynamic(Func<object?, TStatus> select, string description, DynamicStateInfos possible) =>
        new(SagaMachineBehaviour.Dynamic, description) { Select = select, Possible = possible };

    /// <summary>This rule, applying only where <paramref name="when"/> holds too.</summary>
    public SagaMachineRule<TStatus> And(Func<object?, bool>? when, string? why)
    {
        if (when is null)
        {
            return this;
        }

        var own = Guard;
        return this with
        {
            Guard = own is null ? when : m => when(m) && own(m),
            Description = Guard is null || Description is "always" ? why ?? Description : $"{why} and {Description}",
        };
    }
}

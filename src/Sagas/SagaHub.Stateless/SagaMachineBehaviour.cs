namespace SagaHub.Stateless;

/// <summary>How a rule of the machine answers a trigger.</summary>
internal enum SagaMachineBehaviour
{
    /// <summary>Ignored by declaration (or a repeated join arrival).</summary>
    Ignore,

    /// <summary>An internal transition: SagaHub's <c>Stay()</c> or a join arrival.</summary>
    Stay,

    /// <summary>A fixed destination (re-entry when it is the state itself).</summary>
    Move,

    /// <summary>A destination chosen when fired, from the instance or the engine.</summary>
    Dynamic,
}

namespace SagaHub.Benchmarks.Peers;

/// <summary>Marker for the peers assembly.</summary>
internal static class PeersAssembly;

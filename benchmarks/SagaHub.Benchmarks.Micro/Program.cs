using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/SagaHub.Benchmarks.Micro -- --filter '*' --job short
//
// BenchmarkDotNet rebuilds this project and everything it references from scratch (and without the
// compiler server) for its benchmark processes. The analyzers, which the normal build has already run,
// would double that build; MSBuild reads environment variables as properties, and the build inherits
// this process's environment. (A job with build arguments would do the same, but a job in the config
// replaces the one chosen with --job.)
Environment.SetEnvironmentVariable("RunAnalyzers", "false");
var config = DefaultConfig.Instance.AddDiagnoser(MemoryDiagnoser.Default);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);

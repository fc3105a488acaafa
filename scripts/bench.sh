#!/usr/bin/env bash
# scripts/bench.sh - the benchmarks, in one run on this machine's RabbitMQ and PostgreSQL.
#
#   scripts/bench.sh            every variant (SagaHub durable and in-memory, MassTransit's state machine,
#                               hand-rolled consumers), the durable run with 2 and 4 hosts, and the servers'
#                               limits (pgbench, raw RabbitMQ.Client); ~10 min; writes artifacts/bench/report.md
#   scripts/bench.sh --smoke    ~1 min: a few hundred orders per variant; fails only if an order did not complete
#   scripts/bench.sh --help     every option (orders, window, variants, hosts, ...)
#   scripts/bench.sh --micro    the BenchmarkDotNet micro-benchmarks instead (engine transition vs MassTransit,
#                               Mermaid export, definition build); extra arguments go to BenchmarkDotNet
#
# Brings the servers up with scripts/infra-up.sh (needs root or sudo; enables RabbitMQ's prometheus plugin for
# the message counters), builds the solution in Release, then runs benchmarks/SagaHub.Benchmarks.
# Logs of every process: artifacts/bench/logs/<variant>/. See docs/benchmarks.md.
set -euo pipefail
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

if [[ "${1:-}" == --micro ]]; then
    shift
    exec dotnet run -c Release --project benchmarks/SagaHub.Benchmarks.Micro -- "$@"
fi

RMQ_PROMETHEUS=1 bash scripts/infra-up.sh
# Quiet when it builds; MSBuild writes its errors to stdout, so on failure show what it said.
build_log=$(mktemp)
if ! dotnet build SagaHub.sln -c Release -nologo -v quiet -clp:ErrorsOnly >"$build_log" 2>&1; then
    cat "$build_log" >&2
    rm -f "$build_log"
    echo "bench.sh: the Release build failed" >&2
    exit 1
fi
rm -f "$build_log"
exec dotnet benchmarks/SagaHub.Benchmarks/bin/Release/net10.0/SagaHub.Benchmarks.dll "$@"

#!/usr/bin/env bash
# scripts/faults.sh - the fault suite: the RabbitMQ demo's processes under load, one fault per scenario.
#
#   scripts/faults.sh            every scenario with 500 orders and 100 refunds each (~20 min): kill -9 of each
#                                service and of the saga host, RabbitMQ and PostgreSQL restarted, every message
#                                delivered twice, 2 and 3 competing saga hosts, a crash between commit and dispatch,
#                                bad input on the bus and the HTTP API; then the invariants from the databases
#   scripts/faults.sh --smoke    the reduced mode CI runs: every scenario with 60 orders and 15 refunds
#   scripts/faults.sh --list     the scenarios;  --help: every option
#
# Brings the servers up with scripts/infra-up.sh (needs root or sudo: the scenarios stop and start RabbitMQ and
# PostgreSQL), builds the solution in Release, then runs faults/SagaHub.Faults. Exit code 1 when any invariant of
# any scenario failed. Table: artifacts/faults/report.md; logs of every process: artifacts/faults/logs/<scenario>/.
# See docs/reliability.md.
set -euo pipefail
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

case "${1:-}" in
    --list | --help | -h) ;;
    *) bash scripts/infra-up.sh ;;
esac
# Quiet when it builds; MSBuild writes its errors to stdout, so on failure show what it said.
build_log=$(mktemp)
if ! dotnet build SagaHub.sln -c Release -nologo -v quiet -clp:ErrorsOnly >"$build_log" 2>&1; then
    cat "$build_log" >&2
    rm -f "$build_log"
    echo "faults.sh: the Release build failed" >&2
    exit 1
fi
rm -f "$build_log"
exec dotnet faults/SagaHub.Faults/bin/Release/net10.0/SagaHub.Faults.dll "$@"

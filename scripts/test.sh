#!/usr/bin/env bash
# scripts/test.sh - the one test command for SagaHub (README and CI use it).
#
# Restores, builds and tests the solution once (`dotnet test -c Release`), writes one TRX per
# test project to artifacts/test-results/, adds up their <Counters> and prints as its LAST
# line "N passed, N failed" (", N skipped" follows when some tests were not executed).
# Exit status is non-zero when dotnet test fails, when any test fails, or when no test ran.
# Extra arguments go to dotnet test unchanged, e.g.  scripts/test.sh --filter "Category!=Integration"
#
# PostgreSQL/RabbitMQ: tests that need them are marked [Trait("Category","Integration")].
# scripts/infra-up.sh (installs when missing, starts, idempotent; needs root or sudo) runs first
# unless SAGAHUB_INFRA=0, with every server feature a test uses: RabbitMQ's prometheus plugin
# (RawRabbitMqLimitIntegrationTests reads the broker's counters on :15692), the test vhosts, the
# sagahub role and database (tests create and drop their own databases with it). On a machine without them:
#   SAGAHUB_INFRA=0 scripts/test.sh --filter "Category!=Integration"
#
# Env: SAGAHUB_SLN  solution to test, relative to the repo root (default SagaHub.sln).
set -euo pipefail

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
if [[ "${CI:-}" == true ]]; then
    # Lingering MSBuild worker nodes can outlive the run and hold the CI log pipe open.
    export MSBUILDDISABLENODEREUSE=1
fi

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

solution=${SAGAHUB_SLN:-SagaHub.sln}
results_dir="$repo_root/artifacts/test-results"
summary_file="$results_dir/summary.txt"

if [[ "${SAGAHUB_INFRA:-1}" != 0 ]]; then
    RMQ_PROMETHEUS=1 bash scripts/infra-up.sh
fi

rm -rf "$results_dir"
mkdir -p "$results_dir"

# No LogFileName: with several test projects a fixed name would be overwritten; the default
# gives every project its own TRX file.
dotnet_rc=0
dotnet test "$solution" -c Release \
    --results-directory "$results_dir" \
    --logger trx \
    --logger "console;verbosity=normal" \
    "$@" || dotnet_rc=$?

# Reads one attribute of a <Counters .../> element; 0 when it is absent.
counter() { # counter <name> <counters-element>
    local value
    value=$(sed -n "s/.*[[:space:]]$1=\"\([0-9]*\)\".*/\1/p" <<<"$2")
    printf '%s' "${value:-0}"
}

total=0 executed=0 passed=0 failed=0 trx_count=0
while IFS= read -r -d '' trx; do
    trx_count=$((trx_count + 1))
    # Join lines first so an element wrapped over several lines still matches.
    element=$(tr '\n\r' '  ' <"$trx" | grep -o '<Counters[[:space:]][^>]*>' | head -n1 || true)
    if [[ -z "$element" ]]; then
        echo "warning: no <Counters> in $trx" >&2
        continue
    fi
    total=$((total + $(counter total "$element")))
    executed=$((executed + $(counter executed "$element")))
    passed=$((passed + $(counter passed "$element")))
    # error, timeout and aborted are failures too, as far as this summary is concerned.
    failed=$((failed + $(counter failed "$element") + $(counter error "$element") \
        + $(counter timeout "$element") + $(counter aborted "$element")))
done < <(find "$results_dir" -type f -name '*.trx' -print0)
skipped=$((total - executed))
((skipped >= 0)) || skipped=0

summary="$passed passed, $failed failed"
((skipped == 0)) || summary+=", $skipped skipped"

status=0
if ((dotnet_rc != 0)); then
    echo "dotnet test exited with code $dotnet_rc" >&2
    status=$dotnet_rc
fi
if ((failed > 0)); then
    # Name each failed test next to the summary, so a log cut to its last lines still says which.
    while IFS= read -r -d '' trx; do
        tr '\n\r' '  ' <"$trx" | grep -o '<UnitTestResult [^>]*outcome="\(Failed\|Error\|Timeout\|Aborted\)"[^>]*>' |
            sed -n 's/.* testName="\([^"]*\)".*/failed: \1/p' >&2 || true
    done < <(find "$results_dir" -type f -name '*.trx' -print0)
    echo "$failed test(s) failed (details above; TRX files in artifacts/test-results/)" >&2
    status=1
fi
if ((passed + failed == 0)); then
    echo "no test ran ($trx_count TRX file(s) in artifacts/test-results/)" >&2
    status=1
fi

printf '%s\n' "$summary" >"$summary_file"
printf '%s\n' "$summary"
exit "$status"

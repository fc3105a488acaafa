#!/usr/bin/env bash
# scripts/demo.sh - the order/refund demo.
#
#   scripts/demo.sh              the embedded demo: everything in one process, in memory (no servers needed)
#   scripts/demo.sh --rabbitmq   the same eight scenarios against RabbitMQ and PostgreSQL: brings the
#                                infrastructure up (scripts/infra-up.sh), starts the Orders service
#                                (saga host + HTTP API) and the four services as separate processes,
#                                drives every scenario through the HTTP API (approving the human task
#                                through the API; the refund escalation runs on a compressed clock set
#                                by configuration), prints transitions and the final table, stops the
#                                processes it started and exits non-zero if any saga ends off-script.
#
# Env: SAGAHUB_DEMO_PORT (default 5080)  SAGAHUB_DEMO_TIMEOUT seconds (default 180)
#      PG_* / RMQ_* as in scripts/infra-up.sh. Logs of the processes: artifacts/demo/*.log
set -euo pipefail
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

if [[ "${1:-}" != --rabbitmq ]]; then
    exec dotnet run -c Release --project src/Services/SagaHub.Demo
fi

port=${SAGAHUB_DEMO_PORT:-5080}
timeout_s=${SAGAHUB_DEMO_TIMEOUT:-180}
pg_user=${PG_USER:-sagahub} pg_pass=${PG_PASS:-sagahub} pg_db=${PG_DB:-sagahub}
rmq_user=${RMQ_USER:-sagahub} rmq_pass=${RMQ_PASS:-sagahub}
logs="$repo_root/artifacts/demo"
started_at=$SECONDS
say() { printf '[demo %3ss] %s\n' "$((SECONDS - started_at))" "$*"; }

bash scripts/infra-up.sh
say "building"
dotnet build SagaHub.sln -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null

mkdir -p "$logs"
pids=()
stop_all() {
    local pid
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    done
}
trap stop_all EXIT

connection() { printf 'Host=127.0.0.1;Port=5432;Database=%s;Username=%s;Password=%s' "$pg_db" "$pg_user" "$pg_pass"; }

# start <name> <project>: runs the built service in the background with the demo's settings.
start() {
    local name=$1 project=$2
    local dll="src/Services/$project/bin/Release/net10.0/$project.dll"
    [[ -f "$dll" ]] || { say "ERROR: $dll is missing (build failed?)"; exit 1; }
    say "starting $name (log: artifacts/demo/$name.log)"
    # From its own folder, so the process finds its appsettings.json.
    (cd "$(dirname "$dll")" && exec env DOTNET_ENVIRONMENT=Production ASPNETCORE_ENVIRONMENT=Production \
        Bus__Transport=RabbitMq RabbitMq__Host=127.0.0.1 RabbitMq__Username="$rmq_user" RabbitMq__Password="$rmq_pass" \
        "${@:3}" dotnet "$(basename "$dll")") >"$logs/$name.log" 2>&1 &
    pids+=($!)
}

fast_retry=(__Retry__RetryLimit=2 __Retry__MinInterval=00:00:00.005 __Retry__MaxInterval=00:00:00.020 __Retry__IntervalDelta=00:00:00.005)
with_section() { local section=$1; shift; local kv; for kv in "$@"; do printf '%s%s\n' "$section" "$kv"; done; }

start inventory SagaHub.Inventory \
    Inventory__Database__Provider=PostgreSql Inventory__Database__ConnectionString="$(connection)" \
    $(with_section Inventory "${fast_retry[@]}")
start payments SagaHub.Payments \
    Payments__Database__Provider=PostgreSql Payments__Database__ConnectionString="$(connection)" \
    Payments__DeclineCustomers__0=cust-declined Payments__FailCustomers__0=cust-payment-down \
    $(with_section Payments "${fast_retry[@]}")
start shipping SagaHub.Shipping \
    Shipping__Database__Provider=PostgreSql Shipping__Database__ConnectionString="$(connection)" \
    Shipping__FailCustomers__0=cust-unshippable \
    $(with_section Shipping "${fast_retry[@]}")
start notifications SagaHub.Notifications \
    Notifications__Database__Provider=PostgreSql Notifications__Database__ConnectionString="$(connection)" \
    $(with_section Notifications "${fast_retry[@]}")
start orders SagaHub.OrdersService \
    OrdersApi__Url="http://127.0.0.1:$port" \
    SagaHub__Store__Provider=PostgreSql SagaHub__Store__ConnectionString="$(connection)" SagaHub__Store__Schema=orders \
    SagaHub__TimerPollInterval=00:00:00.100 \
    OrderSaga__StepTimeout=00:00:30 RefundSaga__DecisionDue=00:00:02 RefundSaga__EscalationWindow=00:00:01

# Ready when the API answers /health and every service queue has a consumer.
ready() {
    curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 || return 1
    local queues
    queues=$( (if ((EUID == 0)); then rabbitmqctl -q list_queues name consumers; else sudo rabbitmqctl -q list_queues name consumers; fi) 2>/dev/null) || return 1
    local q
    for q in inventory payments shipping notifications order-saga refund-saga; do
        awk -v q="$q" '$1 == q && $2 > 0 { found = 1 } END { exit !found }' <<<"$queues" || return 1
    done
}
for i in $(seq 1 120); do
    ready && break
    for pid in "${pids[@]}"; do
        kill -0 "$pid" 2>/dev/null || { say "ERROR: a service exited during start-up; see artifacts/demo/*.log"; tail -n 20 "$logs"/*.log; exit 1; }
    done
    ((i < 120)) || { say "ERROR: services not ready after 60 s; see artifacts/demo/*.log"; exit 1; }
    sleep 0.5
done
say "all services up; driving the scenarios through http://127.0.0.1:$port"

rc=0
dotnet src/Services/SagaHub.DemoDriver/bin/Release/net10.0/SagaHub.DemoDriver.dll --api "http://127.0.0.1:$port" --timeout "$timeout_s" || rc=$?
say "stopping the services"
stop_all
trap - EXIT
exit "$rc"

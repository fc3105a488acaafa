#!/usr/bin/env bash
# scripts/infra-up.sh - bring up PostgreSQL and RabbitMQ on 127.0.0.1 without Docker.
#
# For Debian 12 machines (developer boxes and CI) where there is no Docker engine and no
# systemd. Safe to run any number of times: it installs only what is missing, starts only
# what is not running, waits with bounded loops, and creates what does not exist yet:
#   PostgreSQL  role sagahub (password sagahub, CREATEDB, member of pg_signal_backend) and database
#               sagahub owned by it
#   RabbitMQ    user sagahub (password sagahub), tag administrator, '.*' permissions on vhost /
#               and on vhosts sagahub-tests (the integration tests' own) and sagahub-tests-orders
#               (the Orders service tests' own)
# With Docker available, docker/compose.yaml gives the same two services instead.
#
# Env overrides: PG_USER PG_PASS PG_DB  RMQ_USER RMQ_PASS  RMQ_MANAGEMENT=1 (management UI
# on http://127.0.0.1:15672/)  RMQ_PROMETHEUS=1 (metrics on http://127.0.0.1:15692/metrics, which
# scripts/bench.sh reads). A password that is not the local-dev default is never printed.
# Needs root, or sudo, to install packages and start services.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

readonly DEFAULT_SECRET=sagahub
PG_USER=${PG_USER:-sagahub}
PG_PASS=${PG_PASS:-$DEFAULT_SECRET}
PG_DB=${PG_DB:-sagahub}
RMQ_USER=${RMQ_USER:-sagahub}
RMQ_PASS=${RMQ_PASS:-$DEFAULT_SECRET}
RMQ_MANAGEMENT=${RMQ_MANAGEMENT:-0}
RMQ_PROMETHEUS=${RMQ_PROMETHEUS:-0}

started_at=$SECONDS
say() { printf '[infra-up %3ss] %s\n' "$((SECONDS - started_at))" "$*"; }
die() { say "ERROR: $*" >&2; exit 1; }

# Shows a password only when it is the well-known local-dev default.
shown() { if [[ "$1" == "$DEFAULT_SECRET" ]]; then printf '%s' "$1"; else printf '***'; fi; }

# Runs a command as root (directly when we are root, through sudo otherwise).
as_root() {
    if ((EUID == 0)); then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo --preserve-env=DEBIAN_FRONTEND "$@"
    else die "must run as root (or with sudo available) to: $*"
    fi
}

# Runs a command as the postgres OS user, keeping the environment (psql reads SH_PG_* below).
as_postgres() {
    if ((EUID == 0)); then runuser -u postgres -- "$@"
    else sudo --preserve-env=SH_PG_USER,SH_PG_PASS,SH_PG_DB -u postgres "$@"
    fi
}

tcp_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# await <seconds> <what> <command...>: polls the command until it succeeds or time runs out.
await() {
    local budget=$1 what=$2
    shift 2
    local deadline=$((SECONDS + budget))
    while ! "$@"; do
        ((SECONDS < deadline)) || { say "gave up after ${budget}s waiting for $what" >&2; return 1; }
        sleep 0.25
    done
}

# Prints the end of the newest log files matching a glob, to explain a failed start.
show_logs() {
    local f
    for f in $1; do
        [[ -f "$f" ]] || continue
        say "--- last lines of $f" >&2
        tail -n 30 "$f" >&2 || true
    done
}

# ---------------------------------------------------------------------------------------
# 1. Packages. PostgreSQL is usually preinstalled; rabbitmq-server usually is not.
missing=()
command -v rabbitmq-server >/dev/null 2>&1 || missing+=(rabbitmq-server)
if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null; then
    missing+=(postgresql)
fi
if ((${#missing[@]} > 0)); then
    say "installing ${missing[*]} from apt"
    as_root timeout 300 apt-get update -qq
    as_root timeout 600 apt-get install -y -qq \
        -o DPkg::Lock::Timeout=120 "${missing[@]}" >/dev/null
    say "installed ${missing[*]}"
fi

# ---------------------------------------------------------------------------------------
# 2. PostgreSQL: the first cluster pg_lsclusters reports (Debian 12: 15/main on 5432).
if [[ -z "$(pg_lsclusters -h 2>/dev/null)" ]]; then
    pg_version=$(basename "$(compgen -G '/usr/lib/postgresql/*' | sort -V | tail -n1)")
    say "no PostgreSQL cluster found; creating $pg_version/main"
    as_root pg_createcluster "$pg_version" main >/dev/null
fi
read -r pg_version pg_cluster pg_port pg_status _ < <(pg_lsclusters -h | head -n1)
if [[ "$pg_status" != online* ]]; then
    say "starting PostgreSQL $pg_version/$pg_cluster"
    as_root timeout 60 pg_ctlcluster "$pg_version" "$pg_cluster" start ||
        { show_logs "/var/log/postgresql/postgresql-$pg_version-$pg_cluster.log"; die "PostgreSQL did not start"; }
fi
await 60 "PostgreSQL on 127.0.0.1:$pg_port" pg_isready -q -h 127.0.0.1 -p "$pg_port" ||
    { show_logs "/var/log/postgresql/postgresql-$pg_version-$pg_cluster.log"; die "PostgreSQL is not accepting connections"; }

# Names and password reach psql through the environment (\getenv), never through argv, and
# are quoted by format(%I/%L), so any value is safe. ALTER ROLE keeps the password in step.
SH_PG_USER=$PG_USER SH_PG_PASS=$PG_PASS SH_PG_DB=$PG_DB \
    as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$pg_port" -d postgres >/dev/null <<'SQL'
\getenv app_user SH_PG_USER
\getenv app_pass SH_PG_PASS
\getenv app_db SH_PG_DB
SELECT format('CREATE ROLE %I LOGIN CREATEDB', :'app_user')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app_user') \gexec
SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L', :'app_user', :'app_pass') \gexec
-- DROP DATABASE ... WITH (FORCE) (the tests' per-class databases) ends the backends in the database;
-- PostgreSQL 15 refuses when one of them is an autovacuum worker unless the role may signal backends.
SELECT format('GRANT pg_signal_backend TO %I', :'app_user') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'app_db', :'app_user')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'app_db') \gexec
SQL
say "PostgreSQL ready: Host=127.0.0.1;Port=$pg_port;Database=$PG_DB;Username=$PG_USER;Password=$(shown "$PG_PASS")"

# ---------------------------------------------------------------------------------------
# 3. RabbitMQ. A fixed node name keeps the node (and its data) the same whatever the
#    machine's hostname is. Installing never starts it (policy-rc.d), so start it here.
rmq_env=/etc/rabbitmq/rabbitmq-env.conf
if ! grep -qs '^NODENAME=' "$rmq_env"; then
    as_root mkdir -p /etc/rabbitmq
    echo 'NODENAME=rabbit@localhost' | as_root tee -a "$rmq_env" >/dev/null
fi
if ! tcp_open 5672; then
    say "starting RabbitMQ"
    as_root timeout 120 service rabbitmq-server start >/dev/null ||
        { show_logs '/var/log/rabbitmq/*.log'; die "RabbitMQ did not start"; }
fi
await 90 "RabbitMQ AMQP on 127.0.0.1:5672" tcp_open 5672 ||
    { show_logs '/var/log/rabbitmq/*.log'; die "RabbitMQ is not accepting connections"; }

# One rabbitmqctl call (about a second of Erlang start-up) when everything is already set.
rmq_user_line=$(as_root rabbitmqctl -q list_users 2>/dev/null | awk -v u="$RMQ_USER" '$1 == u' || true)
if [[ -z "$rmq_user_line" ]]; then
    # The password goes through stdin, not argv.
    printf '%s\n' "$RMQ_PASS" | as_root rabbitmqctl -q add_user "$RMQ_USER" >/dev/null
    say "RabbitMQ user $RMQ_USER created"
fi
if [[ "$rmq_user_line" != *administrator* ]]; then
    as_root rabbitmqctl -q set_user_tags "$RMQ_USER" administrator >/dev/null
    as_root rabbitmqctl -q set_permissions -p / "$RMQ_USER" '.*' '.*' '.*' >/dev/null
fi

# The integration tests run in their own virtual host, so what they leave in queues never
# reaches the demo (vhost /) and the other way round. The Orders service tests that start the
# durable service get one more of their own: its saga queues have fixed names, and sharing them
# with the integration tests' order host (the test projects run in parallel) would let either
# host take the other's messages.
RMQ_TEST_VHOST=${RMQ_TEST_VHOST:-sagahub-tests}
RMQ_ORDERS_TEST_VHOST=${RMQ_ORDERS_TEST_VHOST:-sagahub-tests-orders}
rmq_vhosts=$(as_root rabbitmqctl -q list_vhosts 2>/dev/null || true)
for vhost in "$RMQ_TEST_VHOST" "$RMQ_ORDERS_TEST_VHOST"; do
    if ! grep -qx "$vhost" <<<"$rmq_vhosts"; then
        as_root rabbitmqctl -q add_vhost "$vhost" >/dev/null
        as_root rabbitmqctl -q set_permissions -p "$vhost" "$RMQ_USER" '.*' '.*' '.*' >/dev/null
        say "RabbitMQ vhost $vhost created"
    fi
done

if [[ "$RMQ_MANAGEMENT" == 1 ]]; then
    if ! grep -qs rabbitmq_management /etc/rabbitmq/enabled_plugins; then
        say "enabling rabbitmq_management"
        as_root rabbitmq-plugins -q enable rabbitmq_management >/dev/null
    fi
    await 60 "RabbitMQ management on 127.0.0.1:15672" tcp_open 15672 ||
        { show_logs '/var/log/rabbitmq/*.log'; die "RabbitMQ management UI did not come up"; }
    say "RabbitMQ management: http://127.0.0.1:15672/ ($RMQ_USER/$(shown "$RMQ_PASS"))"
fi
if [[ "$RMQ_PROMETHEUS" == 1 ]]; then
    if ! grep -qs rabbitmq_prometheus /etc/rabbitmq/enabled_plugins; then
        say "enabling rabbitmq_prometheus"
        as_root rabbitmq-plugins -q enable rabbitmq_prometheus >/dev/null
    fi
    await 60 "RabbitMQ prometheus metrics on 127.0.0.1:15692" tcp_open 15692 ||
        { show_logs '/var/log/rabbitmq/*.log'; die "RabbitMQ prometheus endpoint did not come up"; }
fi
say "RabbitMQ ready: amqp://$RMQ_USER:$(shown "$RMQ_PASS")@127.0.0.1:5672/"

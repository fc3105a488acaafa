#!/usr/bin/env bash
# scripts/reset-infra.sh - put this machine's PostgreSQL and RabbitMQ back in the state of a fresh machine, so that
# `scripts/infra-up.sh`, `scripts/test.sh` and `.ci/run` can be proven to set up everything they use themselves.
#
#   scripts/reset-infra.sh              removes what the project's scripts and tests create, then stops both servers:
#                                         RabbitMQ   every vhost named sagahub*, the user sagahub (RMQ_USER), the plugins
#                                                    rabbitmq_management and rabbitmq_prometheus disabled
#                                         PostgreSQL every database owned by the role sagahub (PG_USER) — sagahub and the
#                                                    tests', benchmarks' and fault suite's scratch databases — and the role
#   scripts/reset-infra.sh --uninstall  the same, then removes the rabbitmq-server package with its data and settings
#                                       (/var/lib/rabbitmq, /etc/rabbitmq), as on a machine where it was never installed
#
# A fresh-machine run of CI, as the README and docs/reliability.md give it:
#   scripts/reset-infra.sh --uninstall && d=$(mktemp -d) && git clone -q . "$d" && (cd "$d" && bash .ci/run)
#
# Never touches other roles, databases, users or vhosts. Needs root (or sudo). Safe to run twice.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

PG_USER=${PG_USER:-sagahub}
RMQ_USER=${RMQ_USER:-sagahub}
uninstall=0
case "${1:-}" in
    '') ;;
    --uninstall) uninstall=1 ;;
    -h | --help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "reset-infra.sh: unknown option '$1' (expected --uninstall or nothing)" >&2; exit 2 ;;
esac

started_at=$SECONDS
say() { printf '[reset-infra %3ss] %s\n' "$((SECONDS - started_at))" "$*"; }

as_root() {
    if ((EUID == 0)); then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo --preserve-env=DEBIAN_FRONTEND "$@"
    else say "ERROR: must run as root (or with sudo available) to: $*" >&2; exit 1
    fi
}

as_postgres() {
    if ((EUID == 0)); then runuser -u postgres -- "$@"
    else sudo --preserve-env=SH_PG_USER -u postgres "$@"
    fi
}

tcp_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# --- RabbitMQ -------------------------------------------------------------------------------
if command -v rabbitmqctl >/dev/null 2>&1; then
    if tcp_open 5672; then
        # rabbitmqctl reads stdin: without </dev/null the first delete would swallow the rest of the list.
        while read -r vhost; do
            [[ "$vhost" == sagahub* ]] || continue
            as_root rabbitmqctl -q delete_vhost "$vhost" </dev/null >/dev/null
            say "RabbitMQ vhost $vhost deleted"
        done < <(as_root rabbitmqctl -q list_vhosts name 2>/dev/null </dev/null || true)
        if as_root rabbitmqctl -q list_users 2>/dev/null | awk -v u="$RMQ_USER" '$1 == u { found = 1 } END { exit !found }'; then
            as_root rabbitmqctl -q delete_user "$RMQ_USER" >/dev/null
            say "RabbitMQ user $RMQ_USER deleted"
        fi
        as_root rabbitmq-plugins -q disable rabbitmq_prometheus rabbitmq_management >/dev/null
        say "RabbitMQ plugins rabbitmq_prometheus and rabbitmq_management disabled"
        as_root timeout 120 service rabbitmq-server stop >/dev/null 2>&1 || as_root rabbitmqctl -q stop >/dev/null 2>&1 || true
        say "RabbitMQ stopped"
    else
        # Not running: the plugins file is all there is to reset; users and vhosts go with --uninstall.
        as_root rabbitmq-plugins -q --offline disable rabbitmq_prometheus rabbitmq_management >/dev/null 2>&1 || true
        say "RabbitMQ is not running: plugins disabled offline (users and vhosts stay unless --uninstall)"
    fi
    # Left-over Erlang port mapper daemons keep the old node's name registered.
    as_root pkill -x epmd >/dev/null 2>&1 || true
    if ((uninstall)); then
        as_root timeout 600 apt-get purge -y -qq -o DPkg::Lock::Timeout=120 rabbitmq-server >/dev/null
        as_root rm -rf /var/lib/rabbitmq /etc/rabbitmq /var/log/rabbitmq
        say "rabbitmq-server purged (package, data, settings, logs)"
    fi
else
    say "RabbitMQ is not installed: nothing to reset"
fi

# --- PostgreSQL -----------------------------------------------------------------------------
if command -v pg_lsclusters >/dev/null 2>&1 && [[ -n "$(pg_lsclusters -h 2>/dev/null)" ]]; then
    read -r pg_version pg_cluster pg_port pg_status _ < <(pg_lsclusters -h | head -n1)
    if [[ "$pg_status" != online* ]]; then
        as_root timeout 60 pg_ctlcluster "$pg_version" "$pg_cluster" start
    fi
    for _ in $(seq 1 120); do pg_isready -q -h 127.0.0.1 -p "$pg_port" && break; sleep 0.25; done
    # Every database the role owns (WITH (FORCE) ends its sessions), then the role.
    SH_PG_USER=$PG_USER as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$pg_port" -d postgres <<'SQL'
\getenv app_user SH_PG_USER
SELECT format('DROP DATABASE %I WITH (FORCE)', d.datname)
  FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba
 WHERE r.rolname = :'app_user' \gexec
SELECT format('DROP OWNED BY %I', :'app_user') WHERE EXISTS (SELECT FROM pg_roles WHERE rolname = :'app_user') \gexec
SELECT format('DROP ROLE %I', :'app_user') WHERE EXISTS (SELECT FROM pg_roles WHERE rolname = :'app_user') \gexec
SQL
    say "PostgreSQL: databases owned by $PG_USER and the role dropped"
    as_root timeout 60 pg_ctlcluster "$pg_version" "$pg_cluster" stop
    say "PostgreSQL $pg_version/$pg_cluster stopped"
else
    say "PostgreSQL has no cluster: nothing to reset"
fi
say "done: the next scripts/infra-up.sh starts from a fresh machine's state"

#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:5432 for the store's tests, with the
# `postgres` role allowed in over TCP without a password (trust) and a database `test`.
#
#   nothing answers, cluster installed  -> start it (pg_ctlcluster ... main start)
#   nothing answers, nothing installed  -> apt-get install postgresql, then start it
#   answers but asks for a password     -> add trust lines for 127.0.0.1 and ::1, reload
#   no database `test`                  -> create it
#
# Idempotent: on a machine that is already set up it only says so. It changes pg_hba.conf only
# when a password would be asked for, and only for connections from this machine; that is meant
# for development and CI machines, never for a production server.
set -euo pipefail

HOST=127.0.0.1
# Overridable only so that the script itself can be tried on a spare cluster.
PORT=${ENSURE_POSTGRES_PORT:-5432}
CLUSTER=${ENSURE_POSTGRES_CLUSTER:-main}

say() { echo "ensure-postgres: $*"; }

# A plain TCP connect, so that the check needs no PostgreSQL tools.
answers() { (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; }

connects() { psql -h "$HOST" -p "$PORT" -U postgres -w -d postgres -tAc 'SELECT 1' >/dev/null 2>&1; }

# The newest installed major version, e.g. 15.
cluster_version() { ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1; }

start_cluster() {
  local version
  version=$(cluster_version)
  if [ -z "$version" ]; then
    say "PostgreSQL is not installed; installing it with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq postgresql >/dev/null
    version=$(cluster_version)
    if [ -z "$version" ]; then
      say "错误：安装后仍找不到 PostgreSQL 集群（no PostgreSQL cluster after installing）" >&2
      exit 1
    fi
  fi
  say "starting the PostgreSQL $version cluster '$CLUSTER'"
  # A failed start is reported below, by the port staying closed, with one clear message.
  pg_ctlcluster --skip-systemctl-redirect "$version" "$CLUSTER" start || true
  for _ in $(seq 1 30); do
    answers && return 0
    sleep 1
  done
  say "错误：PostgreSQL $version 未能在 127.0.0.1:$PORT 上启动（PostgreSQL $version did not start on 127.0.0.1:$PORT）" >&2
  exit 1
}

allow_trust() {
  local version hba
  version=$(cluster_version)
  hba=/etc/postgresql/$version/$CLUSTER/pg_hba.conf
  if [ ! -w "$hba" ]; then
    say "错误：无法修改 $hba 以允许本机免密码连接（cannot edit $hba to allow local connections without a password）" >&2
    exit 1
  fi
  say "allowing the postgres role in from 127.0.0.1 and ::1 without a password ($hba)"
  # Rules are read top-down and the first match wins, so the trust lines go first.
  local rules
  rules=$(printf 'host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n')
  printf '%s\n%s\n' "$rules" "$(cat "$hba")" >"$hba.jiangxin" && mv "$hba.jiangxin" "$hba"
  chown postgres:postgres "$hba" 2>/dev/null || true
  pg_ctlcluster --skip-systemctl-redirect "$version" "$CLUSTER" reload
  sleep 1
}

if answers; then
  say "a server answers on $HOST:$PORT"
else
  start_cluster
fi

if ! command -v psql >/dev/null 2>&1; then
  say "installing the PostgreSQL client (psql)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql-client >/dev/null
fi

if ! connects; then
  allow_trust
  if ! connects; then
    say "错误：postgres 角色仍无法通过 TCP 连接（the postgres role still cannot connect over TCP）" >&2
    exit 1
  fi
fi
say "the postgres role connects over TCP without a password"

if [ "$(psql -h "$HOST" -p "$PORT" -U postgres -w -d postgres -tAc \
  "SELECT 1 FROM pg_database WHERE datname = 'test'")" = 1 ]; then
  say "database 'test' exists"
else
  psql -h "$HOST" -p "$PORT" -U postgres -w -d postgres -qc 'CREATE DATABASE test'
  say "created database 'test'"
fi

#!/usr/bin/env bash
# Run the benchmarks in a throwaway PostgreSQL database (started if it is down), or in
# BENCH_DATABASE_URL's, kept (the loaders empty its tables: never point it at data you need).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
if [ -n "${BENCH_DATABASE_URL:-}" ]; then
  DATABASE_URL="$BENCH_DATABASE_URL" exec .venv/bin/python -m bench "$@"
fi
export PGHOST=127.0.0.1 PGUSER=postgres
db="hindsight_bench_$$"
createdb "$db"
trap 'dropdb --if-exists --force "$db"' EXIT
DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db" .venv/bin/python -m bench "$@"

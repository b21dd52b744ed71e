#!/usr/bin/env bash
# Issue 17's constant costs in one command: its own PostgreSQL database (created, migrated,
# filled with 93 communes and 252 tasks, dropped at the end), Redis for the cache.
#   bench/constant_costs.sh      env: BENCH_DB (tracker_bench17), REDIS_URL (redis://127.0.0.1:6379/5)
set -euo pipefail
cd "$(dirname "$0")/.."
db=${BENCH_DB:-tracker_bench17}
export DATABASE_URL=postgres://root@127.0.0.1:5432/$db SECRET_KEY=bench-only-secret-key
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/5} DEBUG=false LOG_LEVEL=WARNING CONN_MAX_AGE=60
psql -h 127.0.0.1 -U root -q -c "DROP DATABASE IF EXISTS \"$db\"" postgres
psql -h 127.0.0.1 -U root -q -c "CREATE DATABASE \"$db\"" postgres
trap 'psql -h 127.0.0.1 -U root -q -c "DROP DATABASE IF EXISTS \"$db\"" postgres' EXIT
.venv/bin/python manage.py migrate -v 0
.venv/bin/python bench/constant_costs.py

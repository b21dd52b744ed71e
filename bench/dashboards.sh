#!/usr/bin/env bash
# The dashboard benchmark in one command: a national data set in its own PostgreSQL database
# (about 4 minutes to generate), the timings as a Markdown table, then the database dropped.
# Set KEEP=1 to keep tracker_bench for further runs (then generation is skipped).
set -euo pipefail
cd "$(dirname "$0")/.."
db=${BENCH_DB:-tracker_bench}
export DATABASE_URL=postgres://root@127.0.0.1:5432/$db SECRET_KEY=${SECRET_KEY:-bench-only-secret-key}
if ! psql -h 127.0.0.1 -U root -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1; then
  createdb -h 127.0.0.1 -U root "$db"
  .venv/bin/python bench/generate.py || { dropdb -h 127.0.0.1 -U root "$db"; exit 1; }
fi
.venv/bin/python bench/dashboards.py
[ "${KEEP:-}" = 1 ] || dropdb -h 127.0.0.1 -U root "$db"

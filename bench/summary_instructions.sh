#!/usr/bin/env bash
# Instructions per request of the cached summary, its 304 and a plain Django view (issue 17),
# by callgrind; about 15 minutes. Its own database (created, migrated, dropped at the end).
#   bench/summary_instructions.sh      env: BENCH_DB (tracker_bench17i), REDIS_URL
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || apt-get install -y -qq valgrind >/dev/null
db=${BENCH_DB:-tracker_bench17i}
export DATABASE_URL=postgres://root@127.0.0.1:5432/$db SECRET_KEY=bench-only-secret-key
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/5} DEBUG=false LOG_LEVEL=WARNING
psql -h 127.0.0.1 -U root -q -c "DROP DATABASE IF EXISTS \"$db\"" postgres
psql -h 127.0.0.1 -U root -q -c "CREATE DATABASE \"$db\"" postgres
trap 'psql -h 127.0.0.1 -U root -q -c "DROP DATABASE IF EXISTS \"$db\"" postgres' EXIT
.venv/bin/python manage.py migrate -v 0
.venv/bin/python bench/summary_instructions.py

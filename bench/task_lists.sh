#!/usr/bin/env bash
# The task lists at 100,000 tasks (issue 20): request and database time against the bare
# indexed SQL (bench/task_lists.py), then the list of 100 and the overdue list under load
# (gunicorn, 2 sync workers, wrk with 16 connections). Own database, created and dropped here.
#   bench/task_lists.sh            (needs wrk: apt-get install -y wrk)
# Environment: BENCH_DB (tracker_bench20), TASKS (100000), DURATION (20s), CONNECTIONS (16),
# WORKERS (2), PORT (8620), KEEP=1 keeps the database (and reuses it on the next run).
set -euo pipefail
cd "$(dirname "$0")/.."
db=${BENCH_DB:-tracker_bench20}
port=${PORT:-8620}
export DATABASE_URL=postgres://root@127.0.0.1:5432/$db
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/6}
export SECRET_KEY=bench-only-secret DEBUG=false CONN_MAX_AGE=60 LOG_LEVEL=WARNING
export API_THROTTLE_RATE=100000000/minute  # measure the endpoint, not the throttle
py=.venv/bin/python

cleanup() {
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  [ "${KEEP:-}" = 1 ] || psql -h 127.0.0.1 -U root -q -c "DROP DATABASE IF EXISTS \"$db\"" postgres
}
trap cleanup EXIT
if ! psql -h 127.0.0.1 -U root -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1; then
  psql -h 127.0.0.1 -U root -q -c "CREATE DATABASE \"$db\"" postgres
  $py manage.py migrate -v 0
  echo "== generating ${TASKS:-100000} tasks"
  $py bench/generate_tasks.py --tasks "${TASKS:-100000}"
fi
# the planner's statistics, as a production database has them (before issue 20, ANALYZE
# made the list slower: it chose the full sort more often)
psql -h 127.0.0.1 -U root -q -d "$db" -c "ANALYZE"
token=$(psql -h 127.0.0.1 -U root -d "$db" -tAc \
  "SELECT key FROM authtoken_token t JOIN auth_user u ON u.id = t.user_id WHERE username = 'bench-leader'")

echo "== in-process: request and database time against the bare SQL"
$py bench/task_lists.py

$py -m gunicorn tracker.wsgi --bind "127.0.0.1:$port" --workers "${WORKERS:-2}" \
  --log-level warning &
server=$!
for _ in $(seq 50); do curl -fs -o /dev/null "http://127.0.0.1:$port/api/v1/schema/" && break; sleep 0.2; done
run() {
  echo "== under load: $1"
  TOKEN=$token LIST_PATH=$1 wrk -t 1 -c "${CONNECTIONS:-16}" -d "${DURATION:-20s}" \
    -s bench/task_lists.lua "http://127.0.0.1:$port" | grep -E "requests|p[0-9]+:"
}
run "/api/v1/tasks/?page_size=100"
run "/api/v1/tasks/?page_size=100&state=overdue"
run "/api/v1/tasks/?page_size=100&cursor="

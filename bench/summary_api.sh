#!/usr/bin/env bash
# Load test of GET /api/v1/summary/ on loopback: 100,000 tasks in PostgreSQL (own database,
# created and dropped here), gunicorn, Redis cache, wrk. About two minutes.
#   bench/summary_api.sh            (needs wrk: apt-get install -y wrk)
# Environment: BENCH_DB (tracker_bench6), REDIS_URL (redis://127.0.0.1:6379/6), TASKS (100000),
# DURATION (20s), CONNECTIONS (16), WORKERS (2), PORT (8606).
set -euo pipefail
cd "$(dirname "$0")/.."
db=${BENCH_DB:-tracker_bench6}
port=${PORT:-8606}
export DATABASE_URL=postgres://root@127.0.0.1:5432/$db
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/6}
export SECRET_KEY=bench-only-secret DEBUG=false CONN_MAX_AGE=60 LOG_LEVEL=WARNING
export API_THROTTLE_RATE=100000000/minute  # measure the endpoint, not the throttle
py=.venv/bin/python

psql -h 127.0.0.1 -U root -q -c "DROP DATABASE IF EXISTS \"$db\"" postgres
psql -h 127.0.0.1 -U root -q -c "CREATE DATABASE \"$db\"" postgres
cleanup() {
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  psql -h 127.0.0.1 -U root -q -c "DROP DATABASE IF EXISTS \"$db\"" postgres || true
}
trap cleanup EXIT

$py manage.py migrate -v 0
echo "== generating ${TASKS:-100000} tasks"
token=$($py bench/generate_tasks.py --tasks "${TASKS:-100000}" | tee /dev/stderr | tail -1)
$py -m gunicorn tracker.wsgi --bind "127.0.0.1:$port" --workers "${WORKERS:-2}" \
  --log-level warning &
server=$!
for _ in $(seq 50); do curl -fs -o /dev/null "http://127.0.0.1:$port/api/v1/schema/" && break; sleep 0.2; done

url="http://127.0.0.1:$port/api/v1/summary/?document=5-NQ/TU&unit=BN"
echo "== first request (cache empty): $(curl -fs -o /dev/null -w '%{time_total}' \
  -H "Authorization: Token $token" "$url") s"
run() {
  TOKEN=$token ROTATE=$1 wrk -t 1 -c "${CONNECTIONS:-16}" -d "${DURATION:-20s}" \
    -s bench/summary_percentiles.lua "http://127.0.0.1:$port"
}
echo "== one summary, cached (document 5-NQ/TU, unit BN with sub-units)"
run 0 | grep -E "requests|p[0-9]+:"
echo "== rotating unit and as_of (3600 different summaries: mostly computed)"
run 1 | grep -E "requests|p[0-9]+:"

#!/usr/bin/env bash
# The load test in one command (issue 18): the national data set (bench/generate.py, made
# once in $LOAD_DB and kept), two gunicorn processes behind one nginx address, two fast
# workers, a reports worker and beat on a private Redis (append-only, as in compose) and an
# SMTP sink; locust on loopback for $DURATION: 50 staff reporting, 200 leaders reading
# (bench/locustfile.py: STAFF_PACING, LEADER_PACING, LEADER_OVERVIEW). Then bench/load_check.py: every accepted report in the history,
# every notification e-mailed. With FAULT=1, Redis is restarted at 20 s and a fast worker
# is killed (SIGKILL) at 30 s, then started again.
#   bench/load.sh            FAULT=1 bench/load.sh            (figures: bench/README.md)
set -euo pipefail
cd "$(dirname "$0")/.."
db=${LOAD_DB:-tracker_load}
duration=${DURATION:-60s}
run=$(mktemp -d /tmp/tracker-load-XXXX)
py=.venv/bin/python
command -v nginx >/dev/null || { echo "needs nginx: apt-get install -y nginx-light" >&2; exit 1; }
# locust in its own environment: installed beside pytest, its plugin would load it (and
# gevent's monkey-patching) into every test run
locust=.venv-locust/bin/locust
[ -x $locust ] || { python3 -m venv .venv-locust && .venv-locust/bin/pip install -q "locust==2.47.0"; }

free_port() { $py -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"; }
redis_port=$(free_port); smtp_port=$(free_port); web_a=$(free_port); web_b=$(free_port); front=$(free_port)
export DATABASE_URL=postgres://root@127.0.0.1:5432/$db SECRET_KEY=bench-only-secret-key
export REDIS_URL=redis://127.0.0.1:$redis_port/0 EMAIL_URL=smtp://127.0.0.1:$smtp_port
export STATICFILES_BACKEND=django.contrib.staticfiles.storage.StaticFilesStorage
export PROMETHEUS_MULTIPROC_DIR=$run/metrics LOG_LEVEL=WARNING C_FORCE_ROOT=1
mkdir -p "$PROMETHEUS_MULTIPROC_DIR" "$run/redis" "$run"/mail/{cur,new,tmp}

if ! psql -h 127.0.0.1 -U root -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1; then
  createdb -h 127.0.0.1 -U root "$db"
  $py bench/generate.py || { dropdb -h 127.0.0.1 -U root "$db"; exit 1; }
fi
$py manage.py migrate -v 0
REDIS_URL= $py bench/load_prepare.py "$run/plan.json"

# every process in its own group, its id in $run/pids (the fault steps add theirs)
cleanup() {
  while read -r pid; do kill -TERM -- "-$pid" 2>/dev/null || true; done <"$run/pids"
  sleep 2
  while read -r pid; do kill -KILL -- "-$pid" 2>/dev/null || true; done <"$run/pids"
}
trap cleanup EXIT
touch "$run/pids"
start() { setsid "$@" >>"$run/processes.log" 2>&1 & echo $! >>"$run/pids"; }
start_redis() {
  setsid redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$run/redis" --save "" \
    --appendonly yes --appendfsync always >>"$run/redis.log" 2>&1 &
  echo $! | tee "$run/redis.pid" >>"$run/pids"
  until redis-cli -p "$redis_port" ping >/dev/null 2>&1; do sleep 0.1; done
}
start_fast_worker() {
  setsid .venv/bin/celery -A tracker worker --hostname "fast$1@%h" --queues notifications,periodic,celery \
    --concurrency 2 --loglevel WARNING >>"$run/worker$1.log" 2>&1 &
  echo $! | tee "$run/fast$1.pid" >>"$run/pids"
}
start_redis
start $py -m aiosmtpd -n -l "127.0.0.1:$smtp_port" -c aiosmtpd.handlers.Mailbox "$run/mail"
for port in "$web_a" "$web_b"; do
  BIND=127.0.0.1:$port WEB_CONCURRENCY=2 start .venv/bin/gunicorn -c python:tracker.gunicorn_conf \
    --access-logfile "$run/access-$port.log" tracker.wsgi:application
  tail -n1 "$run/pids" >>"$run/web.pids"
done
start_fast_worker 1
start_fast_worker 2
start .venv/bin/celery -A tracker worker --hostname "reports@%h" --queues reports --concurrency 1 --loglevel WARNING
start .venv/bin/celery -A tracker beat --loglevel WARNING
sed -e "s/@FRONT@/$front/; s/@WEB_A@/$web_a/; s/@WEB_B@/$web_b/; s|@RUN@|$run|g" bench/nginx.conf > "$run/nginx.conf"
start nginx -c "$run/nginx.conf" -p "$run"
until curl -sf -o /dev/null "http://127.0.0.1:$front/healthz"; do sleep 0.5; done
echo "stack up: nginx :$front -> gunicorn :$web_a :$web_b; run folder $run"

if [ "${FAULT:-}" = 1 ]; then
  (
    sleep 20; echo "fault: Redis restarted"; kill -TERM "$(cat "$run/redis.pid")"; sleep 2; start_redis
    sleep 8; echo "fault: worker fast1 killed (SIGKILL)"; kill -KILL -- "-$(cat "$run/fast1.pid")"; sleep 5
    start_fast_worker 1; echo "fault: worker fast1 started again"
  ) &
  faults=$!
fi
ACCEPTED_FILE=$run/accepted.jsonl LOAD_PLAN=$run/plan.json $locust -f bench/locustfile.py \
  --headless --host "http://127.0.0.1:$front" -u 250 -r 50 -t "$duration" --csv "$run/locust" \
  --only-summary >"$run/locust.out" 2>&1 || true
[ -z "${faults:-}" ] || wait "$faults" || true
# the requests still queued when locust stopped are served and committed: stop the web first
while read -r pid; do kill -TERM -- "-$pid" 2>/dev/null || true; done <"$run/web.pids"
while read -r pid; do while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done; done <"$run/web.pids"

# what the periodic delivery run (every 10 minutes) would send, now: then nothing may wait
.venv/bin/celery -A tracker call tasks.tasks.deliver_notifications >/dev/null
for _ in $(seq 120); do
  waiting=$(psql -h 127.0.0.1 -U root -d "$db" -tAc "SELECT count(*) FROM tasks_notification WHERE emailed_at IS NULL AND attempts < 8")
  [ "$waiting" = 0 ] && break; sleep 1
done
sleep 2  # the sink writes the last message
$py - "$run/locust_stats.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
print("| endpoint | requests | failures | req/s | p50 ms | p95 ms | p99 ms | max ms |")
print("|---|---|---|---|---|---|---|---|")
for r in rows:
    print(f"| {r['Name']} | {r['Request Count']} | {r['Failure Count']} | {float(r['Requests/s']):.1f} "
          f"| {r['50%']} | {r['95%']} | {r['99%']} | {float(r['Max Response Time']):.0f} |")
PY
grep -A20 "Error report" "$run/locust.out" | head -20 || true
# a killed worker may repeat what it had in flight: at most one message per pool process
$py bench/load_check.py "$run/plan.json" "$run/accepted.jsonl" "$run/mail" "$([ "${FAULT:-}" = 1 ] && echo 2 || echo 0)"

#!/usr/bin/env bash
# bench/soak.sh: a soak test of chancery on loopback. It builds chancery and
# bench/soak, seeds a new database, adds an editor account, starts
# `chancery serve` (metrics on their own port), and runs bench/soak against
# it: a fixed-rate mix of public pages, API requests and staff writes (the
# editor saving a person's form) for DURATION, then a report of errors,
# latency percentiles and the server's resident memory over time. It fails
# (exit 1) on any error or dropped request, or when resident memory grew
# after the warm-up (the first fifth of the run) by more than MAX_GROWTH.
#
# Usage: bench/soak.sh                     (10 minutes, SQLite)
#        DURATION=2m bench/soak.sh
#        DB=postgres://user@127.0.0.1:5432/db bench/soak.sh
#            (a PostgreSQL database that holds no chancery data yet, or only
#            an earlier soak's: its tables are used as they are)
# Environment: DURATION (default 10m), RATE (public requests per second,
#   default 200), WRITE_RATE (staff writes per second, default 2),
#   MAX_GROWTH (fraction, default 0.10), PORT (default 18300; metrics on
#   PORT+1), SERVER_CPU (0), LOAD_CPU (1). The report is also written to
#   bench/soak-latest.md (not committed).
set -euo pipefail

DURATION=${DURATION:-10m}
RATE=${RATE:-200}
WRITE_RATE=${WRITE_RATE:-2}
MAX_GROWTH=${MAX_GROWTH:-0.10}
PORT=${PORT:-18300}
METRICS_PORT=$((PORT + 1))
SERVER_CPU=${SERVER_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}

cd "$(dirname "$0")/.."
TMP=$(mktemp -d)
PIDS=()
cleanup() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$TMP"
}
trap cleanup EXIT
log() { printf '%s\n' "$*" >&2; }

PIN_SERVER=() PIN_LOAD=()
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
	PIN_SERVER=(taskset -c "$SERVER_CPU")
	PIN_LOAD=(taskset -c "$LOAD_CPU")
fi

log "building chancery and bench/soak"
go build -o "$TMP/chancery" ./cmd/chancery
go build -o "$TMP/soak" ./bench/soak

DB=${DB:-$TMP/soak.db}
PASSWORD="soak-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
EMAIL="soak-$(date +%s)@example.org"
"$TMP/chancery" --db "$DB" seed 2>"$TMP/seed.log"
printf '%s\n' "$PASSWORD" | "$TMP/chancery" --db "$DB" user add --email "$EMAIL" --name "Soak test" --role editor >/dev/null

"${PIN_SERVER[@]}" "$TMP/chancery" --db "$DB" serve --addr "127.0.0.1:$PORT" --metrics-addr "127.0.0.1:$METRICS_PORT" 2>"$TMP/serve.log" &
SERVER=$!
PIDS+=("$SERVER")
for _ in $(seq 100); do
	curl -fsS -o /dev/null "http://127.0.0.1:$PORT/readyz" 2>/dev/null && break
	sleep 0.1
done
curl -fsS -o /dev/null "http://127.0.0.1:$PORT/readyz" || {
	log "the server did not become ready:"
	cat "$TMP/serve.log" >&2
	exit 1
}
log "machine: $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg); server pid $SERVER on ${PIN_SERVER[*]:-any cpu}"
log "running for $DURATION: $RATE public requests/s, $WRITE_RATE staff writes/s"

status=0
SOAK_PASSWORD=$PASSWORD "${PIN_LOAD[@]}" "$TMP/soak" --url "http://127.0.0.1:$PORT" --pid "$SERVER" \
	--metrics "http://127.0.0.1:$METRICS_PORT/metrics" --duration "$DURATION" --rate "$RATE" \
	--write-rate "$WRITE_RATE" --max-growth "$MAX_GROWTH" --email "$EMAIL" | tee bench/soak-latest.md || status=$?
errors=$(grep -c '"level":"ERROR"' "$TMP/serve.log" || true)
log "server log: $(wc -l <"$TMP/serve.log") lines, $errors at level ERROR"
if [ "$errors" -gt 0 ]; then
	grep '"level":"ERROR"' "$TMP/serve.log" | head -5 >&2
	status=1
fi
exit "$status"

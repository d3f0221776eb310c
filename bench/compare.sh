#!/usr/bin/env bash
# bench/compare.sh: load test of chancery's public endpoints (cached portal
# pages and API responses) over loopback, beside nginx and a bare net/http
# handler serving the same bytes, in the same run, reported as ratios.
#
# For each measured URL it fetches chancery's response once, then runs wrk
# against four servers in turn:
#   chancery  bench/apiserver: the production stack (site.New: the portal
#             with its security headers and page cache, the API under /api/,
#             request ids, Prometheus metrics, one JSON log line per request
#             into the buffered log, written to a file; site.NewServer's
#             http.Server timeouts) over the seed data set, seeded into a
#             SQLite database and loaded back as serve loads it (--db), or
#             over a synthetic world in memory (--world)
#   bare      bench/bare --server-timeouts: a bare handler writing the same
#             bytes from memory with the same Content-Type, under the same
#             http.Server settings (site.NewServer): the difference is the
#             handler stack alone. This is the baseline of the goals.
#   bare-hdr  bench/bare --server-timeouts --headers: the same, sending
#             chancery's response headers too (from slices made once), so
#             that the two differ only in what the stack does, not in what
#             it sends: it shows how much of the gap the headers the API's
#             HTTP semantics require (ETag, Cache-Control, Vary, CORS,
#             nosniff, request id) account for
#   nginx     nginx serving the same bytes from a file, same Content-Type
#             (its own config in a temporary folder; 1 worker, access log off)
# The Go servers run with GOMAXPROCS=1; every server is pinned to one core and
# wrk to another when taskset is there and the machine has 2 cores or more.
# Everything listens on 127.0.0.1 only. Background processes are killed on
# exit. Before each wrk run it waits until no other wrk is running.
#
# Usage: bench/compare.sh        (about 4 minutes with the defaults)
#        ROUNDS=3 bench/compare.sh   (medians of 3 rounds, about 12 minutes)
#        ROUNDS=11 DURATION=3s WARMUP=0 bench/compare.sh   (many short
#          rounds, about 17 minutes: the rounds' ratios are then the most
#          precise, since the machine drifts less within a round)
# Environment: DURATION (wrk -d, default 10s), CONNECTIONS (wrk -c, 32),
#   THREADS (wrk -t, 1), WARMUP (default 1s; 0: 1s in the first round
#   only), ROUNDS (default 1: with more, the servers are measured in turn
#   ROUNDS times and the medians reported),
#   PORT (first of five ports, default 18181), SERVER_CPU (0), WRK_CPU (1),
#   ONLY (measure only the URLs whose label contains it, e.g. ONLY=figures),
#   RESTART (1: new chancery and bare processes for every round, each warmed
#   up for WARMUP, or 1s when WARMUP=0; 0: the same processes all along).
# Besides requests per second and latency, it reports each server's CPU time
# per request (from /proc), which a busy shared machine disturbs less, and
# how busy each server kept its core. In each round chancery is measured
# between the two bare handlers, each of them before it in one round and
# after it in the next; the ratio chancery/bare of each round, and the
# median of those ratios, are what the goals are judged on: a machine whose
# speed drifts during the run moves both sides of each ratio alike. With
# RESTART=1 (the default) chancery and the two bare handlers are started
# afresh for every round, from the same database and files, so that the
# medians are over processes too: one process can stay a few per cent
# slower than another of the same binary for its whole life.
set -euo pipefail

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-1}
WARMUP=${WARMUP:-1s}
ROUNDS=${ROUNDS:-1}
PORT=${PORT:-18181}
SERVER_CPU=${SERVER_CPU:-0}
WRK_CPU=${WRK_CPU:-1}
RESTART=${RESTART:-1}

SEED_PORT=$PORT
WORLD_PORT=$((PORT + 1))
BARE_PORT=$((PORT + 2))
BAREHDR_PORT=$((PORT + 3))
NGINX_PORT=$((PORT + 4))

# The measured URLs: label, chancery server (seed or world), path and query.
URLS=(
	"home page|seed|/en/"
	"diplomatic list|seed|/en/diplomatic-list"
	"figures|seed|/api/v1/figures"
	"missions|seed|/api/v1/missions"
	"missions filtered (world)|world|/api/v1/missions?kind=embassy&region=002&as_of=2026-07-01&limit=100"
)
if [ -n "${ONLY:-}" ]; then
	KEPT=()
	for u in "${URLS[@]}"; do
		case "${u%%|*}" in *"$ONLY"*) KEPT+=("$u") ;; esac
	done
	if [ ${#KEPT[@]} -eq 0 ]; then
		echo "compare.sh: ONLY=$ONLY matches no URL label" >&2
		exit 2
	fi
	URLS=("${KEPT[@]}")
fi

cd "$(dirname "$0")/.."

log() { printf '%s\n' "$*" >&2; }

# --- tools ---
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
if [ ${#need[@]} -gt 0 ]; then
	log "installing ${need[*]}"
	if ! apt-get install -y "${need[@]}" >/dev/null; then
		apt-get update >/dev/null
		apt-get install -y "${need[@]}" >/dev/null
	fi
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
for tool in curl go pgrep; do
	command -v "$tool" >/dev/null || { log "$tool is required"; exit 1; }
done

PIN_SERVER=()
PIN_WRK=()
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
	PIN_SERVER=(taskset -c "$SERVER_CPU")
	PIN_WRK=(taskset -c "$WRK_CPU")
fi

# --- processes, cleaned up on exit ---
TMP=$(mktemp -d)
NGINX_PID=
BARE_PID=
BAREHDR_PID=
declare -A CHANCERY_PID=([seed]= [world]=)
cleanup() {
	for pid in "${CHANCERY_PID[@]}" $NGINX_PID $BARE_PID $BAREHDR_PID; do
		kill "$pid" 2>/dev/null || true
	done
	for pid in "${CHANCERY_PID[@]}" $NGINX_PID $BARE_PID $BAREHDR_PID; do
		wait "$pid" 2>/dev/null || true
	done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for p in "$SEED_PORT" "$WORLD_PORT" "$BARE_PORT" "$BAREHDR_PORT" "$NGINX_PORT"; do
	if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$p/"; then
		log "port $p is in use; set PORT to another first port"
		exit 1
	fi
done

# wait_up URL: wait until URL answers 200, for up to 60 s.
wait_up() {
	for _ in $(seq 600); do
		if curl -fs -o /dev/null --max-time 1 "$1"; then
			return 0
		fi
		sleep 0.1
	done
	log "$1 did not come up"
	exit 1
}

# wait_wrk: wait until no other wrk process is running, so that two load
# tests do not share the machine.
wait_wrk() {
	local said=
	while pgrep -x wrk >/dev/null; do
		if [ -z "$said" ]; then
			log "waiting for another wrk to finish: $(pgrep -a -x wrk | head -1)"
			said=1
		fi
		sleep 1
	done
}


log "building bench/apiserver and bench/bare"
go build -o "$TMP/apiserver" ./bench/apiserver
go build -o "$TMP/bare" ./bench/bare

# start_chancery KIND: start the chancery server of KIND (seed: the seed
# data set, seeded into $TMP/seed.db by the first start and read from it by
# the later ones; world: the synthetic world) and wait until it answers.
start_chancery() {
	local port=$SEED_PORT args=(--db "$TMP/seed.db")
	if [ "$1" = world ]; then
		port=$WORLD_PORT
		args=(--world)
	fi
	GOMAXPROCS=1 "${PIN_SERVER[@]}" "$TMP/apiserver" --addr "127.0.0.1:$port" "${args[@]}" 2>>"$TMP/$1.log" &
	CHANCERY_PID[$1]=$!
	wait_up "http://127.0.0.1:$port/healthz"
}
# start_bare I: start bare and bare-hdr serving the body and headers of URL I.
start_bare() {
	GOMAXPROCS=1 "${PIN_SERVER[@]}" "$TMP/bare" --server-timeouts --addr "127.0.0.1:$BARE_PORT" --file "$TMP/www/b$1" --type "${TYPES[$1]}" 2>>"$TMP/bare.log" &
	BARE_PID=$!
	GOMAXPROCS=1 "${PIN_SERVER[@]}" "$TMP/bare" --server-timeouts --addr "127.0.0.1:$BAREHDR_PORT" --file "$TMP/www/b$1" --headers "$TMP/h$1" 2>>"$TMP/bare-hdr.log" &
	BAREHDR_PID=$!
	wait_up "http://127.0.0.1:$BARE_PORT/"
	wait_up "http://127.0.0.1:$BAREHDR_PORT/"
}
# stop PID...: stop the processes and wait for them.
stop() {
	kill "$@" 2>/dev/null || true
	wait "$@" 2>/dev/null || true
}

start_chancery seed
start_chancery world
sleep 0.2 # the log is flushed every 100 ms
log "$(grep -h serving "$TMP/seed.log" "$TMP/world.log")"

# --- the bodies, written for nginx and the bare handler ---
mkdir -p "$TMP/www"
chmod 755 "$TMP" "$TMP/www" # nginx's worker may run as another user
TYPES=()
for i in "${!URLS[@]}"; do
	IFS='|' read -r _ server path <<<"${URLS[$i]}"
	port=$SEED_PORT
	[ "$server" = world ] && port=$WORLD_PORT
	code=$(curl -sS -D "$TMP/h$i" -o "$TMP/www/b$i" -w '%{http_code}' "http://127.0.0.1:$port$path")
	if [ "$code" != 200 ]; then
		log "GET $path on the $server server: status $code"
		exit 1
	fi
	TYPES[i]=$(grep -i '^content-type:' "$TMP/h$i" | head -1 | cut -d' ' -f2- | tr -d '\r')
	chmod 644 "$TMP/www/b$i"
done

{
	if [ "$(id -u)" = 0 ]; then echo "user nobody nogroup;"; fi
	cat <<NGINX
worker_processes 1;
daemon off;
pid $TMP/nginx.pid;
error_log $TMP/nginx-error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	types {}
	default_type application/octet-stream;
	sendfile on;
	tcp_nopush on;
	tcp_nodelay on;
	keepalive_timeout 120s;
	keepalive_requests 1000000;
	open_file_cache max=64 inactive=60s;
	client_body_temp_path $TMP/nginx-body;
	server {
		listen 127.0.0.1:$NGINX_PORT;
		root $TMP/www;
NGINX
	for i in "${!URLS[@]}"; do
		echo "		location = /b$i { default_type \"${TYPES[i]}\"; }"
	done
	echo "		location / { return 404; }"
	echo "	}"
	echo "}"
} >"$TMP/nginx.conf"
"${PIN_SERVER[@]}" "$NGINX" -e "$TMP/nginx-error.log" -p "$TMP" -c "$TMP/nginx.conf" &
NGINX_PID=$!
wait_up "http://127.0.0.1:$NGINX_PORT/b0"

# warm_up URL FRESH: load URL for WARMUP before it is measured; with
# WARMUP=0, for 1 s when FRESH is 1 (a server's first round), else not.
warm_up() {
	local d=$WARMUP
	if [ "$d" = 0 ]; then
		[ "$2" = 1 ] || return 0
		d=1s
	fi
	wait_wrk
	"${PIN_WRK[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$d" "$1" >/dev/null
}
run_wrk() { wait_wrk; "${PIN_WRK[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$1"; }
# header_lines URL: the response's status line and headers, sorted, without
# the Date and the request id's value, which change from one request to the
# next.
header_lines() { curl -sS -D - -o /dev/null "$1" | tr -d '\r' | grep -vi '^date:' | sed 's/^\([Xx]-[Rr]equest-[Ii]d:\).*/\1/' | sort; }
# header_bytes URL: the size of the response's status line and headers.
header_bytes() { curl -sS -o /dev/null -w '%{size_header}' "$1"; }
field() { awk -v k="$1" '$1 == k { print $2; exit }'; }
# usec: a wrk duration (532.00us, 1.20ms, 1.01s) in microseconds.
usec() { awk '{ v = $1 + 0; if ($1 ~ /us$/) f = 1; else if ($1 ~ /ms$/) f = 1e3; else if ($1 ~ /m$/) f = 6e7; else f = 1e6; print v * f }'; }
# seconds: a wrk duration (10s, 2m, 1h) in seconds.
seconds() { awk -v d="$1" 'BEGIN { v = d + 0; if (d ~ /m$/) v *= 60; else if (d ~ /h$/) v *= 3600; print v }'; }
# median of the numbers on stdin, one a line.
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print 0; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
# cpu_ticks PID...: user and system CPU time of the processes and their
# children (nginx's worker), in clock ticks.
cpu_ticks() {
	local pids=("$@") t=0 pid
	for pid in "$@"; do
		pids+=($(cat /proc/"$pid"/task/*/children 2>/dev/null || true))
	done
	for pid in "${pids[@]}"; do
		t=$((t + $(awk '{ print $14 + $15 }' /proc/"$pid"/stat 2>/dev/null || echo 0)))
	done
	echo "$t"
}
TICK=$(getconf CLK_TCK)

log "machine: $(nproc) cores; load:$(uptime | sed 's/.*load average://'); $(wrk -v 2>&1 | head -1); $("$NGINX" -v 2>&1)"
log "wrk -t$THREADS -c$CONNECTIONS -d$DURATION (warm-up $WARMUP), $ROUNDS round(s); servers on cpu ${PIN_SERVER[*]:+$SERVER_CPU}, wrk on cpu ${PIN_WRK[*]:+$WRK_CPU}"
ROWS=()
CPUROWS=()
PAIRROWS=()
for i in "${!URLS[@]}"; do
	IFS='|' read -r label server path <<<"${URLS[$i]}"
	port=$SEED_PORT
	[ "$server" = world ] && port=$WORLD_PORT
	start_bare "$i"

	declare -A url=(
		[chancery]="http://127.0.0.1:$port$path"
		[bare]="http://127.0.0.1:$BARE_PORT$path"
		[bare-hdr]="http://127.0.0.1:$BAREHDR_PORT$path"
		[nginx]="http://127.0.0.1:$NGINX_PORT/b$i"
	)
	declare -A pid=([chancery]=${CHANCERY_PID[$server]} [bare]=$BARE_PID [bare-hdr]=$BAREHDR_PID [nginx]=$NGINX_PID)
	declare -A rps=() p50=() p99=() cpu=() busy=() hdr=() round_rps=()
	pairs=
	pairs_hdr=
	for target in chancery bare bare-hdr nginx; do
		# The same bytes from each server.
		curl -fsS -o "$TMP/got" "${url[$target]}"
		cmp -s "$TMP/got" "$TMP/www/b$i" || { log "$target: ${url[$target]} does not serve the same bytes"; exit 1; }
		hdr[$target]=$(header_bytes "${url[$target]}")
	done
	if [ "$(header_lines "${url[chancery]}")" != "$(header_lines "${url[bare-hdr]}")" ]; then
		log "bare-hdr does not send chancery's headers for $path:"
		diff <(header_lines "${url[chancery]}") <(header_lines "${url[bare-hdr]}") >&2 || true
		exit 1
	fi
	log "$label: body $(wc -c <"$TMP/www/b$i") bytes; headers: chancery ${hdr[chancery]}, bare ${hdr[bare]}, nginx ${hdr[nginx]} bytes"
	for round in $(seq "$ROUNDS"); do
		# chancery is measured between the two bare handlers, each of them
		# before it in one round and after it in the next, so that each
		# round's ratios compare the machine as it was within seconds, and
		# a drift favours neither side.
		order=(bare chancery bare-hdr nginx)
		[ $((round % 2)) = 0 ] && order=(bare-hdr chancery bare nginx)
		declare -A fresh=([chancery]=0 [bare]=0 [bare-hdr]=0 [nginx]=0)
		if [ "$round" = 1 ]; then
			fresh=([chancery]=1 [bare]=1 [bare-hdr]=1 [nginx]=1)
		fi
		if [ "$RESTART" = 1 ] && [ "$round" -gt 1 ]; then
			# New processes, serving the same bytes (checked).
			stop "${CHANCERY_PID[$server]}" "$BARE_PID" "$BAREHDR_PID"
			start_chancery "$server"
			start_bare "$i"
			pid[chancery]=${CHANCERY_PID[$server]}
			pid[bare]=$BARE_PID
			pid[bare-hdr]=$BAREHDR_PID
			fresh[chancery]=1
			fresh[bare]=1
			fresh[bare-hdr]=1
			curl -fsS -o "$TMP/got" "${url[chancery]}"
			cmp -s "$TMP/got" "$TMP/www/b$i" || { log "chancery, restarted: ${url[chancery]} does not serve the same bytes"; exit 1; }
		fi
		for target in "${order[@]}"; do
			log "$label: $target (round $round)"
			warm_up "${url[$target]}" "${fresh[$target]}"
			t0=$(cpu_ticks "${pid[$target]}")
			out=$(run_wrk "${url[$target]}")
			t1=$(cpu_ticks "${pid[$target]}")
			printf '%s\n' "$out" >"$TMP/wrk-$i-$target-$round.txt"
			if grep -qE 'Non-2xx|Socket errors' <<<"$out"; then
				log "warning, $label on $target: $(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr -s ' ')"
			fi
			n=$(awk '/requests in/ { print $1; exit }' <<<"$out")
			r=$(field Requests/sec: <<<"$out")
			rps[$target]+="$r"$'\n'
			round_rps[$target]=$r
			p50[$target]+="$(field 50% <<<"$out" | usec)"$'\n'
			p99[$target]+="$(field 99% <<<"$out" | usec)"$'\n'
			# The server's CPU time per request (wrk's connections are
			# opened and closed within the measured run).
			cpu[$target]+="$(awk -v t=$((t1 - t0)) -v hz="$TICK" -v n="$n" 'BEGIN { printf "%.3f", t / hz * 1e6 / n }')"$'\n'
			# The fraction of its core the server kept busy.
			busy[$target]+="$(awk -v t=$((t1 - t0)) -v hz="$TICK" -v d="$(seconds "$DURATION")" 'BEGIN { printf "%.3f", t / hz / d }')"$'\n'
		done
		pairs+="$(awk -v c="${round_rps[chancery]}" -v b="${round_rps[bare]}" 'BEGIN { printf "%.3f", c / b }')"$'\n'
		pairs_hdr+="$(awk -v c="${round_rps[chancery]}" -v b="${round_rps[bare-hdr]}" 'BEGIN { printf "%.3f", c / b }')"$'\n'
	done
	stop "$BARE_PID" "$BAREHDR_PID"
	BARE_PID=
	BAREHDR_PID=

	declare -A m=()
	for target in chancery bare bare-hdr nginx; do
		for v in rps p50 p99 cpu busy; do
			declare -n arr=$v
			m[$v-$target]=$(printf '%s' "${arr[$target]}" | median)
			unset -n arr
		done
	done
	size=$(wc -c <"$TMP/www/b$i")
	ROWS+=("$(awk -v l="$label" -v p="$path" -v s="$size" \
		-v c="${m[rps-chancery]}" -v b="${m[rps-bare]}" -v t="${m[rps-bare-hdr]}" -v n="${m[rps-nginx]}" \
		-v c50="${m[p50-chancery]}" -v c99="${m[p99-chancery]}" -v b50="${m[p50-bare]}" -v b99="${m[p99-bare]}" \
		-v n50="${m[p50-nginx]}" -v n99="${m[p99-nginx]}" \
		'function ms(x) { return sprintf("%.2f", x / 1000) }
		BEGIN { printf "| %s `%s` | %d | %.0f | %.0f | %.0f | %.0f | %.2f | %.2f | %.2f | %s / %s | %s / %s | %s / %s |", l, p, s, c, b, t, n, c / b, c / t, c / n, ms(c50), ms(c99), ms(b50), ms(b99), ms(n50), ms(n99) }')")
	PAIRROWS+=("$(printf '%s' "$pairs" | sort -g | awk -v l="$label" -v bc="${m[busy-chancery]}" -v bb="${m[busy-bare]}" \
		-v hdr="$(printf '%s' "$pairs_hdr" | median)" \
		'{ a[NR] = $1; all = all (NR > 1 ? ", " : "") sprintf("%.2f", $1) }
		END { med = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
		      printf "| %s | %s | **%.2f** | %.2f to %.2f | %.2f | %.0f%% | %.0f%% |", l, all, med, a[1], a[NR], hdr, bc * 100, bb * 100 }')")
	CPUROWS+=("$(awk -v l="$label" -v c="${m[cpu-chancery]}" -v b="${m[cpu-bare]}" -v t="${m[cpu-bare-hdr]}" -v n="${m[cpu-nginx]}" \
		'BEGIN { printf "| %s | %.1f | %.1f | %.1f | %.1f | %.0f | %.0f | %.0f | %.2f | %.2f |", l, c, b, t, n, 1e6 / c, 1e6 / b, 1e6 / n, b / c, t / c }')")
done

log "load after:$(uptime | sed 's/.*load average://')"
echo
echo "Requests per second and latency (medians of $ROUNDS round(s) of wrk -t$THREADS -c$CONNECTIONS -d$DURATION):"
echo
echo "| URL | bytes | chancery rps | bare rps | bare-hdr rps | nginx rps | chancery/bare | chancery/bare-hdr | chancery/nginx | p50 / p99 ms chancery | p50 / p99 ms bare | p50 / p99 ms nginx |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${ROWS[@]}"
echo
echo "Server CPU time per request (user + system, from /proc; medians), and the requests one fully busy core would serve at that cost:"
echo
echo "| URL | µs/req chancery | µs/req bare | µs/req bare-hdr | µs/req nginx | per core-second chancery | bare | nginx | chancery/bare | chancery/bare-hdr |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${CPUROWS[@]}"
echo
echo "chancery/bare in each round (requests per second, the two measured back to back), their median and range; the median of chancery/bare-hdr in each round; how busy each server kept its core (medians):"
echo
echo "| URL | chancery/bare per round (sorted) | median | range | median chancery/bare-hdr | chancery busy | bare busy |"
echo "| --- | --- | ---: | --- | ---: | ---: | ---: |"
printf '%s\n' "${PAIRROWS[@]}"

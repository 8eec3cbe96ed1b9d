#!/usr/bin/env bash
# The benchmark of docs/benchmarks.md: builds the stub WeChat server and the three apps (floor, ours,
# baseline), runs scenarios S1-S6 against each app in its own JVM with identical flags, and writes
# the results table to results/latest.md.
#
#   run.sh           full run (3 repetitions per figure; under 15 minutes on 2 cores)
#   run.sh --quick   smoke run (1 repetition, short; no S6): CI runs it. Fails only if the harness
#                    fails or S4 does not see exactly one stable_token call from ours - never on timing.
#   run.sh --jmh     JMH micro-benchmarks (short settings; pass JMH options after --jmh to change them)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
MODE=full
case "${1:-}" in
	--quick) MODE=quick ;;
	--jmh) MODE=jmh ;;
	"") ;;
	*) echo "usage: $0 [--quick|--jmh [JMH options]]" >&2; exit 2 ;;
esac

JAVA=${BENCH_JAVA:-java}
JAVA25=${BENCH_JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
# Identical for every app: a fixed heap, and the serial collector so that GC work is done on the
# request threads' CPU budget without concurrent GC threads blurring the CPU figures.
JVM_FLAGS=(-Xms256m -Xmx512m -XX:+UseSerialGC)
APP_ID=wxbench0000000001
CLK_TCK=$(getconf CLK_TCK)

if [ "$MODE" = quick ]; then
	REPS=1 WARM=2 DUR=2 S4_N=500
else
	REPS=3 WARM=8 DUR=8 S4_N=500
fi

log() { printf '\n== %s\n' "$*" >&2; }

build() {
	log "Build (mvn -Pbenchmarks package)"
	local modules=wxmini-auth-benchmarks/stub,wxmini-auth-benchmarks/floor,wxmini-auth-benchmarks/ours
	modules=$modules,wxmini-auth-benchmarks/baseline,wxmini-auth-benchmarks/jmh
	local args=(-q -B -Pbenchmarks -DskipTests package -pl "$modules" -am)
	(cd "$ROOT" && { mvn -o "${args[@]}" || mvn "${args[@]}"; })
}

# --- process helpers -------------------------------------------------------------------------

PIDS=()
cleanup() {
	for pid in "${PIDS[@]}"; do
		kill "$pid" 2>/dev/null || true
	done
	for pid in "${PIDS[@]}"; do
		wait "$pid" 2>/dev/null || true
	done
}
trap cleanup EXIT

free_port() {
	# Below Linux's ephemeral range (32768-60999), which wrk's thousands of connections draw from.
	local port
	for _ in $(seq 1 50); do
		port=$((10000 + RANDOM % 22000))
		if ! (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			echo "$port"
			return 0
		fi
	done
	return 1
}

# utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/<pid>/stat).
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
now_ms() { date +%s%3N; }

RAW=$HERE/results/raw.tsv
record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$RAW"; }

STUB_PID=""
STUB_PORT=""
start_stub() {
	STUB_PORT=$(free_port)
	"$JAVA" -Xms128m -Xmx128m -XX:+UseSerialGC -cp "$HERE/stub/target/bench-stub.jar" \
		io.github.wxminiauth.bench.StubWeChatServer "$STUB_PORT" "$APP_ID" 4 >"$WORK/stub.log" 2>&1 &
	STUB_PID=$!
	PIDS+=("$STUB_PID")
	for _ in $(seq 1 100); do
		curl -sf "http://127.0.0.1:$STUB_PORT/__counts" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	echo "stub WeChat server did not start" >&2
	exit 1
}
stub() { curl -sf -X "$1" "http://127.0.0.1:$STUB_PORT/$2"; }
stub_count() { stub GET __counts | sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p"; }

APP_PID=""
APP_PORT=""
APP_STARTED_MS=0
# start_app <app> <java> [extra args…]
start_app() {
	local app=$1 java=$2
	shift 2
	# Extra arguments: JVM options (-X…, -D…) go before -jar, application arguments (--…) after it.
	local jvm_extra=() app_args=()
	for arg in "$@"; do
		case "$arg" in
			--*) app_args+=("$arg") ;;
			*) jvm_extra+=("$arg") ;;
		esac
	done
	APP_PORT=$(free_port)
	APP_STARTED_MS=$(now_ms)
	"$java" "${JVM_FLAGS[@]}" ${jvm_extra[@]+"${jvm_extra[@]}"} -jar "$HERE/$app/target/bench-$app.jar" \
		--server.port="$APP_PORT" --STUB_PORT="$STUB_PORT" --logging.level.root=WARN \
		--logging.level.io.github.wxminiauth.bench=INFO ${app_args[@]+"${app_args[@]}"} >"$WORK/$app.log" 2>&1 &
	APP_PID=$!
	PIDS+=("$APP_PID")
}
stop_app() {
	kill "$APP_PID" 2>/dev/null || true
	wait "$APP_PID" 2>/dev/null || true
}

login() { curl -s -X POST "http://127.0.0.1:$APP_PORT/wx/login" -H 'Content-Type: application/json' -d "{\"code\":\"$1\"}"; }

# Polls the login until it answers 200: the time to first successful login (S5).
wait_for_first_login() {
	local i=0
	while :; do
		i=$((i + 1))
		if [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$APP_PORT/wx/login" \
			-H 'Content-Type: application/json' -d "{\"code\":\"s5u1.$i\"}" 2>/dev/null)" = 200 ]; then
			echo $(($(now_ms) - APP_STARTED_MS))
			return 0
		fi
		if ! kill -0 "$APP_PID" 2>/dev/null || [ "$i" -gt 3000 ]; then
			echo "app did not start; its log:" >&2
			tail -n 40 "$WORK/"*.log >&2
			exit 1
		fi
		sleep 0.02
	done
}

# wrk_measure <scenario> <app> <connections> <seconds> <lua> [lua args…]: one measured run.
wrk_measure() {
	local scenario=$1 app=$2 conns=$3 secs=$4 lua=$5
	shift 5
	local threads=2 a0 s0 a1 s1 out
	[ "$conns" -lt 2 ] && threads=1
	a0=$(cpu_ticks "$APP_PID")
	s0=$(cpu_ticks "$STUB_PID")
	out=$(wrk -t"$threads" -c"$conns" -d"${secs}s" --timeout 10s -s "$HERE/lua/$lua" \
		"http://127.0.0.1:$APP_PORT" -- "$@" | grep '^RESULT')
	a1=$(cpu_ticks "$APP_PID")
	s1=$(cpu_ticks "$STUB_PID")
	local requests duration p50 p99 errors
	requests=$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' <<<"$out")
	duration=$(sed -n 's/.*duration_us=\([0-9]*\).*/\1/p' <<<"$out")
	p50=$(sed -n 's/.*p50_us=\([0-9]*\).*/\1/p' <<<"$out")
	p99=$(sed -n 's/.*p99_us=\([0-9]*\).*/\1/p' <<<"$out")
	errors=$(sed -n 's/.*errors=\([0-9]*\).*/\1/p' <<<"$out")
	if [ -z "$requests" ] || [ "$requests" -eq 0 ]; then
		echo "wrk measured no requests for $scenario/$app" >&2
		exit 1
	fi
	if [ -n "$scenario" ]; then
		record "$scenario" "$app" thr "$(awk -v r="$requests" -v d="$duration" 'BEGIN { printf "%.1f", r / (d / 1e6) }')"
		record "$scenario" "$app" p50_ms "$(awk -v v="$p50" 'BEGIN { printf "%.2f", v / 1000 }')"
		record "$scenario" "$app" p99_ms "$(awk -v v="$p99" 'BEGIN { printf "%.2f", v / 1000 }')"
		record "$scenario" "$app" cpu_1k "$(awk -v t=$((a1 - a0)) -v r="$requests" -v h="$CLK_TCK" 'BEGIN { printf "%.4f", t / h / r * 1000 }')"
		record "$scenario" "$app" stub_cpu_1k "$(awk -v t=$((s1 - s0)) -v r="$requests" -v h="$CLK_TCK" 'BEGIN { printf "%.4f", t / h / r * 1000 }')"
		record "$scenario" "$app" errors "$errors"
		echo "   $scenario $app: $requests requests, $(awk -v r="$requests" -v d="$duration" 'BEGIN { printf "%.0f", r / (d / 1e6) }')/s, p99 $((p99 / 1000)) ms, errors $errors" >&2
	fi
}

# scenario <name> <app> <connections> <lua> [lua args…]: warm-up, RSS, then REPS measurements.
scenario() {
	local name=$1 app=$2 conns=$3 lua=$4
	shift 4
	wrk_measure "" "$app" "$conns" "$WARM" "$lua" "$@"
	record "$name" "$app" rss_mb "$(rss_mb "$APP_PID")"
	for rep in $(seq 1 "$REPS"); do
		wrk_measure "$name" "$app" "$conns" "$DUR" "$lua" "$@"
	done
}

# S4: a cold start (no WeChat access token fetched yet), S4_N users bind a phone at once.
s4() {
	local app=$1 run=$2 out
	stub POST "__latency?ms=50" >/dev/null
	out=$("$JAVA" -cp "$HERE/stub/target/bench-stub.jar" io.github.wxminiauth.bench.PhoneBurst \
		"http://127.0.0.1:$APP_PORT" "$S4_N" "$run")
	stub POST "__latency?ms=0" >/dev/null
	echo "   S4 $app: $out; stub counts $(stub GET __counts)" >&2
	record S4 "$app" stable_token "$(stub_count stable_token)"
	record S4 "$app" plain_token "$(stub_count token)"
	record S4 "$app" phone_ok "$(sed -n 's/.*"200":\([0-9]*\).*/\1/p' <<<"$out" | grep . || echo 0)"
	record S4 "$app" burst_ms "$(sed -n 's/.*"burst_ms":\([0-9]*\).*/\1/p' <<<"$out")"
	record S4 "$app" code2session_with_token "$(stub_count code2Session_with_access_token)"
}

# One app on JDK 17: S5, S4, S1, S3, S2.
run_app() {
	local app=$1
	log "$app"
	stub POST __reset >/dev/null
	stub POST "__latency?ms=0" >/dev/null
	start_app "$app" "$JAVA"
	record S5 "$app" first_login_ms "$(wait_for_first_login)"
	sleep 2
	record S5 "$app" idle_rss_mb "$(rss_mb "$APP_PID")"
	if [ "$app" != floor ]; then
		s4 "$app" "$RUN_ID"
	fi
	stub POST "__latency?ms=0" >/dev/null
	scenario S1 "$app" 32 login.lua "$RUN_ID${app:0:1}a" 5000
	local token=""
	if [ "$app" != floor ]; then
		token=$(login "s3u1.1" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
		[ -n "$token" ] || { echo "no token for S3 from $app" >&2; exit 1; }
		wrk_measure "" "$app" 32 "$WARM" get.lua /api/hello "$token"
	fi
	wrk_measure "" "$app" 32 "$WARM" get.lua /hello
	record S3-public "$app" rss_mb "$(rss_mb "$APP_PID")"
	for rep in $(seq 1 "$REPS"); do
		wrk_measure S3-public "$app" 32 "$DUR" get.lua /hello
		if [ -n "$token" ]; then
			wrk_measure S3-authenticated "$app" 32 "$DUR" get.lua /api/hello "$token"
		fi
	done
	stub POST "__latency?ms=50" >/dev/null
	scenario S2 "$app" 256 login.lua "$RUN_ID${app:0:1}b" 5000
	stub POST "__latency?ms=0" >/dev/null
	stop_app
}

# S6: S2 on JDK 25 with virtual threads and 1,000 connections; JFR records pinned virtual threads.
run_s6() {
	local app=$1
	log "$app on JDK 25, virtual threads"
	stub POST "__latency?ms=50" >/dev/null
	start_app "$app" "$JAVA25" \
		"-XX:StartFlightRecording:filename=$WORK/$app-s6.jfr,settings=none,+jdk.VirtualThreadPinned#enabled=true,+jdk.VirtualThreadPinned#threshold=0ms" \
		--spring.threads.virtual.enabled=true
	wait_for_first_login >/dev/null
	scenario S6 "$app" 1000 login.lua "$RUN_ID${app:0:1}c" 5000
	stop_app
	local pinned
	pinned=$("${JAVA25%/java}/jfr" summary "$WORK/$app-s6.jfr" 2>/dev/null | awk '$1 == "jdk.VirtualThreadPinned" { print $2 }')
	record S6 "$app" pinned_events "${pinned:-0}"
	if [ "${pinned:-0}" != 0 ]; then
		"${JAVA25%/java}/jfr" print --events jdk.VirtualThreadPinned --stack-depth 20 "$WORK/$app-s6.jfr" \
			>"$HERE/results/s6-$app-pinned.txt" 2>&1 || true
	fi
	stub POST "__latency?ms=0" >/dev/null
}

run_jmh() {
	shift || true
	local opts=("$@")
	if [ ${#opts[@]} -eq 0 ]; then
		opts=(-f 1 -wi 2 -w 1s -i 3 -r 1s)
	fi
	log "JMH ${opts[*]}"
	"$JAVA" -cp "$HERE/jmh/target/bench-jmh.jar:$HERE/jmh/target/lib/*" org.openjdk.jmh.Main "${opts[@]}" \
		-rf text -rff "$HERE/results/jmh-latest.txt"
}

# --- main --------------------------------------------------------------------------------------

command -v wrk >/dev/null || { echo "wrk is required (Debian package wrk)" >&2; exit 1; }
build
if [ "$MODE" = jmh ]; then
	run_jmh "$@"
	exit 0
fi

WORK=$(mktemp -d)
RUN_ID=$(date +%H%M%S)
mkdir -p "$HERE/results"
: >"$RAW"
STARTED=$(now_ms)
start_stub
for app in floor ours baseline; do
	run_app "$app"
done
if [ "$MODE" = full ]; then
	log "floor with the JDK HttpClient (client choice for the floor)"
	stub POST "__latency?ms=0" >/dev/null
	start_app floor "$JAVA" --floor.client=jdk
	wait_for_first_login >/dev/null
	scenario S1 floor-jdk-client 32 login.lua "${RUN_ID}ja" 5000
	stop_app
	if [ -x "$JAVA25" ]; then
		for app in floor ours baseline; do
			run_s6 "$app"
		done
	else
		echo "JDK 25 not found at $JAVA25: S6 skipped" >&2
	fi
fi
ELAPSED_S=$((($(now_ms) - STARTED) / 1000))

"$JAVA" -cp "$HERE/stub/target/bench-stub.jar" io.github.wxminiauth.bench.Report "$RAW" "$MODE" "$ELAPSED_S" \
	"$JAVA" "${JVM_FLAGS[*]}" >"$HERE/results/latest.md"
cat "$HERE/results/latest.md"

# The CI assertion: counts, never timings.
ours_stable=$(awk -F'\t' '$1 == "S4" && $2 == "ours" && $3 == "stable_token" { print $4 }' "$RAW")
if [ "$ours_stable" != 1 ]; then
	echo "FAIL: S4 expected exactly 1 stable_token call from ours, saw '${ours_stable}'" >&2
	exit 1
fi
echo "S4: ours made exactly 1 stable_token call for $S4_N concurrent phone bindings at a cold start" >&2

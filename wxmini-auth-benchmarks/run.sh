#!/usr/bin/env bash
# The benchmark of docs/benchmarks.md: builds the stub WeChat server and the apps (floor, ours,
# baseline and its tuned variant, ours with Redis), runs scenarios S1-S7 against each app in its own
# JVM with identical flags, and writes the results table to results/latest.md.
#
#   run.sh           full run (5 interleaved repetitions per figure, 3 for S2/S5/S6/S7; about 27 minutes on 2 cores)
#   run.sh --quick   smoke run (1 repetition, short; no S6): CI runs it. Fails only if the harness
#                    fails, S4 does not see exactly one stable_token call from ours, or the bearer
#                    path makes Redis commands (S7) - never on timing.
#   run.sh --jmh     JMH micro-benchmarks (short settings; pass JMH options after --jmh to change them)
#
# BENCH_PHASES (default "s5 s4 main s6 s7") runs only the phases named, to work on one of them.
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
PHASES=" ${BENCH_PHASES:-s5 s4 main s6 s7} "
phase() { [[ "$PHASES" == *" $1 "* ]]; }
# Identical for every app: a fixed heap, and the serial collector so that GC work is done on the
# request threads' CPU budget without concurrent GC threads blurring the CPU figures.
JVM_FLAGS=(-Xms256m -Xmx512m -XX:+UseSerialGC)
APP_ID=wxbench0000000001
CLK_TCK=$(getconf CLK_TCK)

# REPS: measured runs per figure (S1, S3), interleaved across the apps; S2_REPS for S2 and S6;
# S5_REPS launches per app. WARM: seconds of warm-up of a freshly started app (S6); WARM_AGAIN:
# before the later scenarios of an app already warm; WARM_PASS, WARM_LIGHT, WARM_PASSES: the S1
# warm-up (see warm_up_login); DUR and S3_DUR: seconds of each measured run.
# S7: S7_SESSIONS users (memory per live session), S7_REVOCATIONS logouts (propagation).
if [ "$MODE" = quick ]; then
	REPS=1 S2_REPS=1 S5_REPS=1 WARM=3 WARM_AGAIN=2 DUR=2 WARM_PASS=2 WARM_LIGHT=1 WARM_PASSES=1 S3_DUR=2 S4_N=500
	S7_SESSIONS=2000 S7_REVOCATIONS=20
else
	REPS=5 S2_REPS=3 S5_REPS=3 WARM=10 WARM_AGAIN=8 DUR=5 WARM_PASS=6 WARM_LIGHT=3 WARM_PASSES=6 S3_DUR=4 S4_N=500
	S7_SESSIONS=10000 S7_REVOCATIONS=300
fi

log() { printf '\n== %s\n' "$*" >&2; }

build() {
	log "Build (mvn -Pbenchmarks package)"
	local modules=wxmini-auth-benchmarks/stub,wxmini-auth-benchmarks/floor,wxmini-auth-benchmarks/ours
	modules=$modules,wxmini-auth-benchmarks/ours-redis,wxmini-auth-benchmarks/baseline,wxmini-auth-benchmarks/jmh
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
sys_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $13 }'; }
# The whole machine's busy and total ticks so far (/proc/stat): how saturated the cores were.
machine_ticks() { awk '$1 == "cpu" { t = 0; for (i = 2; i <= NF; i++) t += $i; print t - $5 - $6, t }' /proc/stat; }
# CPU ticks of a process's threads by kind: "requests" (Tomcat's threads, the carriers of virtual
# threads), "gc" (the VM thread: the serial collector runs there), "jit", "lettuce" (Redis client
# I/O), "other". Thread names are cut to 15 characters in /proc, so Tomcat's workers and poller
# count together.
thread_ticks() {
	local task
	for task in /proc/"$1"/task/*; do
		printf '%s\t%s\n' "$(cat "$task/comm" 2>/dev/null)" "$(sed 's/^.*) //' "$task/stat" 2>/dev/null | awk '{ print $12 + $13 }')"
	done | awk -F'\t' '$2 != "" {
		k = "other"
		if ($1 ~ /^http-nio-/ || $1 ~ /^ForkJoinPool/) k = "requests"
		else if ($1 == "VM Thread") k = "gc"
		else if ($1 ~ /CompilerThre/) k = "jit"
		else if ($1 ~ /^lettuce-/) k = "lettuce"
		t[k] += $2
	} END { for (k in t) print k, t[k] }'
}
rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
now_ms() { date +%s%3N; }

RAW=$HERE/results/raw.tsv
record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$RAW"; }

STUB_PID=""
STUB_PORT=""
start_stub() {
	STUB_PORT=$(free_port)
	# The JDK server closes a connection as soon as it goes idle once 200 are idle
	# (sun.net.httpserver.maxIdleConnections): with every app's pool open at once that would
	# break pooled connections under the apps' feet, so the stub keeps them all.
	"$JAVA" -Xms128m -Xmx128m -XX:+UseSerialGC -Dsun.net.httpserver.maxIdleConnections=100000 \
		-cp "$HERE/stub/target/bench-stub.jar" \
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

# Apps run under a label (floor, ours, baseline, floor-jdk-client, …); several at once in the
# measured phase, so that the apps' figures come from interleaved runs on the same machine state.
declare -A PID PORT LAUNCHED
# launch <label> <app> <java> [extra args…]: JVM options (-X…, -D…) go before -jar, application
# arguments (--…) after it.
launch() {
	local label=$1 app=$2 java=$3
	shift 3
	local jvm_extra=() app_args=()
	for arg in "$@"; do
		case "$arg" in
			--*) app_args+=("$arg") ;;
			*) jvm_extra+=("$arg") ;;
		esac
	done
	PORT[$label]=$(free_port)
	LAUNCHED[$label]=$(now_ms)
	"$java" "${JVM_FLAGS[@]}" ${jvm_extra[@]+"${jvm_extra[@]}"} -jar "$HERE/$app/target/bench-$app.jar" \
		--server.port="${PORT[$label]}" --STUB_PORT="$STUB_PORT" --logging.level.root=WARN \
		--logging.level.io.github.wxminiauth.bench=INFO ${app_args[@]+"${app_args[@]}"} >"$WORK/$label.log" 2>&1 &
	PID[$label]=$!
	PIDS+=("$!")
}
stop() {
	kill "${PID[$1]}" 2>/dev/null || true
	wait "${PID[$1]}" 2>/dev/null || true
}

url() { echo "http://127.0.0.1:${PORT[$1]}"; }
login() { curl -s -X POST "$(url "$1")/wx/login" -H 'Content-Type: application/json' -d "{\"code\":\"$2\"}"; }

# first_login <label>: polls the login until it answers 200; prints the ms since the launch (S5).
first_login() {
	local label=$1 i=0
	while :; do
		i=$((i + 1))
		if [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$(url "$label")/wx/login" \
			-H 'Content-Type: application/json' -d "{\"code\":\"s5u1.$i\"}" 2>/dev/null)" = 200 ]; then
			echo $(($(now_ms) - LAUNCHED[$label]))
			return 0
		fi
		if ! kill -0 "${PID[$label]}" 2>/dev/null || [ "$i" -gt 3000 ]; then
			echo "$label did not start; its log:" >&2
			tail -n 40 "$WORK/$label.log" >&2
			exit 1
		fi
		sleep 0.02
	done
}

# measure <scenario> <label> <connections> <seconds> <lua> [lua args…]: one wrk run; recorded
# unless the scenario is empty (a warm-up). Sets LAST_CPU (app CPU s / 1k requests).
LAST_CPU=""
LAST_REQUESTS=""
measure() {
	local scenario=$1 label=$2 conns=$3 secs=$4 lua=$5
	shift 5
	local threads=2 a0 s0 a1 s1 out pid=${PID[$label]}
	[ "$conns" -lt 2 ] && threads=1
	local by_thread="" t0="" t1="" y0 y1
	case "$scenario" in S6-* | S7-login | S7-refresh) by_thread=1 t0=$(thread_ticks "$pid") ;; esac
	y0=$(sys_ticks "$pid")
	local m0 m1
	m0=$(machine_ticks)
	a0=$(cpu_ticks "$pid")
	s0=$(cpu_ticks "$STUB_PID")
	out=$(wrk -t"$threads" -c"$conns" -d"${secs}s" --timeout 10s -s "$HERE/lua/$lua" "$(url "$label")" -- "$@" \
		| grep '^RESULT')
	a1=$(cpu_ticks "$pid")
	s1=$(cpu_ticks "$STUB_PID")
	y1=$(sys_ticks "$pid")
	m1=$(machine_ticks)
	[ -n "$by_thread" ] && t1=$(thread_ticks "$pid")
	local requests duration p50 p99 errors
	requests=$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' <<<"$out")
	duration=$(sed -n 's/.*duration_us=\([0-9]*\).*/\1/p' <<<"$out")
	p50=$(sed -n 's/.*p50_us=\([0-9]*\).*/\1/p' <<<"$out")
	p99=$(sed -n 's/.*p99_us=\([0-9]*\).*/\1/p' <<<"$out")
	errors=$(sed -n 's/.*errors=\([0-9]*\).*/\1/p' <<<"$out")
	if [ -z "$requests" ] || [ "$requests" -eq 0 ]; then
		echo "wrk measured no requests for $scenario/$label" >&2
		exit 1
	fi
	LAST_CPU=$(awk -v t=$((a1 - a0)) -v r="$requests" -v h="$CLK_TCK" 'BEGIN { printf "%.4f", t / h / r * 1000 }')
	LAST_REQUESTS=$requests
	if [ -n "$scenario" ]; then
		record "$scenario" "$label" thr "$(awk -v r="$requests" -v d="$duration" 'BEGIN { printf "%.1f", r / (d / 1e6) }')"
		record "$scenario" "$label" p50_ms "$(awk -v v="$p50" 'BEGIN { printf "%.2f", v / 1000 }')"
		record "$scenario" "$label" p99_ms "$(awk -v v="$p99" 'BEGIN { printf "%.2f", v / 1000 }')"
		record "$scenario" "$label" cpu_1k "$LAST_CPU"
		record "$scenario" "$label" stub_cpu_1k "$(awk -v t=$((s1 - s0)) -v r="$requests" -v h="$CLK_TCK" 'BEGIN { printf "%.4f", t / h / r * 1000 }')"
		record "$scenario" "$label" errors "$errors"
		record "$scenario" "$label" machine_busy "$(awk -v a="$m0" -v b="$m1" 'BEGIN { split(a, x, " "); split(b, y, " "); printf "%.3f", (y[1] - x[1]) / (y[2] - x[2]) }')"
		record "$scenario" "$label" sys_share "$(awk -v y=$((y1 - y0)) -v t=$((a1 - a0)) 'BEGIN { printf "%.3f", (t > 0) ? y / t : 0 }')"
		if [ -n "$by_thread" ]; then
			local kind ticks
			while read -r kind ticks; do
				record "$scenario" "$label" "cpu_1k_$kind" "$(awk -v t="$ticks" -v r="$requests" -v h="$CLK_TCK" 'BEGIN { printf "%.4f", t / h / r * 1000 }')"
			done <<<"$(awk 'NR == FNR { b[$1] = $2; next } { print $1, $2 - b[$1] }' <(printf '%s\n' "$t0") <(printf '%s\n' "$t1"))"
		fi
		local refreshes
		refreshes=$(sed -n 's/.*refreshes=\([0-9]*\).*/\1/p' <<<"$out")
		[ -n "$refreshes" ] && record "$scenario" "$label" refresh_share \
			"$(awk -v f="$refreshes" -v r="$requests" 'BEGIN { printf "%.4f", f / r }')"
		echo "   $scenario $label: $requests requests, $(awk -v r="$requests" -v d="$duration" 'BEGIN { printf "%.0f", r / (d / 1e6) }')/s, $LAST_CPU CPU-s/1k, p99 $((p99 / 1000)) ms, errors $errors" >&2
	fi
}

# warm_up_login <label> <connections> <users>: the login path is long, and under full load on 2
# cores the JIT compiler threads starve, so an app keeps getting cheaper for a minute or more
# (WxJava's the longest). Passes of WARM_PASS seconds at full load, each followed by a few seconds
# at 4 connections for the compiler to catch up, until the CPU per login of two passes in a row
# differs by less than 5 %, at most WARM_PASSES passes. Records the passes it took.
warm_up_login() {
	local label=$1 conns=$2 scenario=$3 pass previous="" stable=0 passes=$WARM_PASSES
	shift 3
	# S6's and S7's apps warm up in at most 4 passes: their figures are ratios within their phase.
	[ "$scenario" != S1 ] && [ "$passes" -gt 4 ] && passes=4
	for pass in $(seq 1 "$passes"); do
		measure "" "$label" "$conns" "$WARM_PASS" login.lua "${RUN_ID}${scenario//-/}${label//-/}w$pass" "$@"
		local cpu=$LAST_CPU
		measure "" "$label" 4 "$WARM_LIGHT" login.lua "${RUN_ID}${scenario//-/}${label//-/}v$pass" "$@"
		if [ -n "$previous" ] && awk -v a="$cpu" -v b="$previous" 'BEGIN { d = (a - b) / b; exit !(d < 0.05 && d > -0.05) }'; then
			stable=1
			break
		fi
		previous=$cpu
	done
	record "$scenario-warm-up" "$label" passes "$pass"
	echo "   $scenario $label warmed up in $pass pass(es)$([ "$stable" = 1 ] || echo ', not yet stable')" >&2
}

# load <scenario> <connections> <labels…> -- login.lua <users>: warm-up of each app, RSS, then the
# measured runs, interleaved (round r measures every app once). The first argument of the login
# script, the code prefix, is unique per run, scenario, app and repetition.
load() {
	local scenario=$1 conns=$2 labels=() reps=$REPS
	shift 2
	while [ "$1" != -- ]; do labels+=("$1"); shift; done
	shift
	local lua=$1
	shift
	local warm=$WARM
	case "$scenario" in
		S2 | S6-S2) reps=$S2_REPS warm=$WARM_AGAIN ;;
		S6-S1) reps=$S2_REPS ;;
		S7-*) reps=$S2_REPS warm=$WARM_AGAIN ;;
	esac
	local label rep
	if [ "$scenario" = S1 ] || [ "$scenario" = S6-S1 ] || [ "$scenario" = S7-login ]; then
		for label in "${labels[@]}"; do
			warm_up_login "$label" "$conns" "$scenario" "$@"
			record "$scenario" "$label" rss_mb "$(rss_mb "${PID[$label]}")"
		done
	else
		for label in "${labels[@]}"; do
			measure "" "$label" "$conns" "$warm" "$lua" "${RUN_ID}${scenario}${label//-/}w" "$@"
			record "$scenario" "$label" rss_mb "$(rss_mb "${PID[$label]}")"
		done
	fi
	for rep in $(seq 1 "$reps"); do
		for label in "${labels[@]}"; do
			measure "$scenario" "$label" "$conns" "$DUR" "$lua" "${RUN_ID}${scenario}${label//-/}r$rep" "$@"
		done
	done
}

# S4: a cold start (no WeChat access token fetched yet), S4_N users bind a phone at once.
s4() {
	local label=$1 out
	stub POST "__latency?ms=50" >/dev/null
	out=$("$JAVA" -cp "$HERE/stub/target/bench-stub.jar" io.github.wxminiauth.bench.PhoneBurst \
		"$(url "$label")" "$S4_N" "$RUN_ID")
	stub POST "__latency?ms=0" >/dev/null
	echo "   S4 $label: $out; stub counts $(stub GET __counts)" >&2
	record S4 "$label" stable_token "$(stub_count stable_token)"
	record S4 "$label" plain_token "$(stub_count token)"
	record S4 "$label" phone_ok "$(sed -n 's/.*"200":\([0-9]*\).*/\1/p' <<<"$out" | grep . || echo 0)"
	record S4 "$label" burst_ms "$(sed -n 's/.*"burst_ms":\([0-9]*\).*/\1/p' <<<"$out")"
	record S4 "$label" code2session_with_token "$(stub_count code2Session_with_access_token)"
}

# S3: per app, GET /hello (permitAll) and GET /api/hello (authenticated) in alternation; for ours
# also /hello carrying the same token bytes in a header nobody reads. The ratio of each round's
# pair is recorded, so the reported ratio is the median of ratios measured side by side.
s3() {
	local label rep public auth
	declare -A token
	for label in ours baseline; do
		token[$label]=$(login "$label" "s3u1.1" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
		[ -n "${token[$label]}" ] || { echo "no token for S3 from $label" >&2; exit 1; }
	done
	measure "" floor 32 "$WARM_AGAIN" get.lua /hello
	record S3-public floor rss_mb "$(rss_mb "${PID[floor]}")"
	for label in ours baseline; do
		measure "" "$label" 32 "$WARM_AGAIN" get.lua /api/hello "${token[$label]}"
		measure "" "$label" 32 "$WARM_AGAIN" get.lua /hello
		record S3-public "$label" rss_mb "$(rss_mb "${PID[$label]}")"
	done
	for rep in $(seq 1 "$REPS"); do
		measure S3-public floor 32 "$S3_DUR" get.lua /hello
		for label in ours baseline; do
			measure S3-public "$label" 32 "$S3_DUR" get.lua /hello
			public=$LAST_CPU
			if [ "$label" = ours ]; then
				measure S3-padded "$label" 32 "$S3_DUR" get.lua /hello "${token[$label]}" X-Padding
				record S3-ratio-padded "$label" ratio "$(awk -v a="$LAST_CPU" -v b="$public" 'BEGIN { printf "%.4f", a / b }')"
			fi
			measure S3-authenticated "$label" 32 "$S3_DUR" get.lua /api/hello "${token[$label]}"
			auth=$LAST_CPU
			record S3-ratio "$label" ratio "$(awk -v a="$auth" -v b="$public" 'BEGIN { printf "%.4f", a / b }')"
		done
	done
}

# S6: on JDK 25, ours with virtual threads (its pool to WeChat following the concurrency, the
# starter's default), next to ours and the tuned baseline on platform threads, and the floor on
# both (what virtual threads cost any app); S1's load (32 connections, no latency), then S2's
# latency with 1,024 connections. JFR records pinned virtual threads of the virtual-thread apps.
run_s6() {
	log "S6: JDK 25 - virtual threads against platform threads, all apps running, measurements interleaved"
	stub POST "__latency?ms=0" >/dev/null
	local pinned_jfr="settings=none,+jdk.VirtualThreadPinned#enabled=true,+jdk.VirtualThreadPinned#threshold=0ms"
	# A heap of 1 GB for every app of S6 alike: with virtual threads all 1,024 requests are in
	# flight at once, each holding Tomcat's request buffers, a pooled connection and its stack,
	# some 175 KB; on 512 MB ours, whose in-memory stores hold the sessions of the run, collected
	# back to back. The virtual-thread apps run with the README's settings for virtual threads:
	# Tomcat keeps as many processors as connections (server.tomcat.processor-cache; by default it
	# keeps 200 and allocates, then drops, a processor with some 72 KB of buffers for every
	# request beyond them). ours-vt-plain is ours on virtual threads with nothing else set.
	local label labels=(ours-vt baseline-200-pt ours-pt floor-vt floor-pt ours-vt-plain) heap=(-Xms1g -Xmx1g)
	local vt=(--spring.threads.virtual.enabled=true --server.tomcat.processor-cache=8192)
	launch ours-vt ours "$JAVA25" "${heap[@]}" "-XX:StartFlightRecording:filename=$WORK/ours-vt.jfr,$pinned_jfr" "${vt[@]}"
	launch baseline-200-pt baseline "$JAVA25" "${heap[@]}" --wx.max-connections=200
	launch ours-pt ours "$JAVA25" "${heap[@]}"
	launch floor-vt floor "$JAVA25" "${heap[@]}" "-XX:StartFlightRecording:filename=$WORK/floor-vt.jfr,$pinned_jfr" "${vt[@]}"
	launch floor-pt floor "$JAVA25" "${heap[@]}"
	launch ours-vt-plain ours "$JAVA25" "${heap[@]}" --spring.threads.virtual.enabled=true
	for label in "${labels[@]}"; do
		first_login "$label" >/dev/null
	done
	load S6-S1 32 "${labels[@]}" -- login.lua 5000
	stub POST "__latency?ms=50" >/dev/null
	load S6-S2 1024 "${labels[@]}" -- login.lua 5000
	stub POST "__latency?ms=0" >/dev/null
	for label in "${labels[@]}"; do
		stop "$label"
	done
	local jfr="${JAVA25%/java}/jfr" app pinned
	for app in ours-vt floor-vt; do
		pinned=$("$jfr" summary "$WORK/$app.jfr" 2>/dev/null | awk '$1 == "jdk.VirtualThreadPinned" { print $2 }')
		record S6 "$app" pinned_events "${pinned:-0}"
		if [ "${pinned:-0}" != 0 ]; then
			"$jfr" print --events jdk.VirtualThreadPinned --stack-depth 64 "$WORK/$app.jfr" \
				>"$HERE/results/s6-$app-pinned.txt" 2>&1 || true
		fi
		# Pinned events with a frame of the starter's code (the benchmark app's own package aside):
		# the target is that the starter's locks never pin a carrier thread.
		record S6 "$app" pinned_starter "$(awk '/^jdk.VirtualThreadPinned/ { n++ }
			/io\.github\.wxminiauth\./ && !/io\.github\.wxminiauth\.bench\./ && !seen[n]++ { c++ }
			END { print c + 0 }' "$HERE/results/s6-$app-pinned.txt" 2>/dev/null || echo 0)"
	done
}

# --- S7: Redis mode ------------------------------------------------------------------------------

REDIS_PORT=""
redis() { redis-cli -p "$REDIS_PORT" "$@"; }
# Calls per command so far (INFO commandstats), as "command calls" lines.
redis_calls() { redis INFO commandstats | tr -d '\r' | awk -F'[:,=]' '/^cmdstat_/ { sub("cmdstat_", "", $1); print $1, $3 }'; }
redis_used_memory() { redis INFO memory | tr -d '\r' | sed -n 's/^used_memory:\([0-9]*\)$/\1/p'; }
# calls_delta <before> <after>: "command delta" for every command whose count grew.
calls_delta() {
	awk 'NR == FNR { before[$1] = $2; next } { d = $2 - before[$1]; if (d > 0) print $1, d }' \
		<(printf '%s\n' "$1") <(printf '%s\n' "$2")
}
sum_delta() { awk '{ s += $2 } END { print s + 0 }' <<<"$1"; }

# A private redis-server on a free loopback port, nothing persisted: the command counts of S7 are
# the benchmark apps' alone.
start_redis() {
	REDIS_PORT=$(free_port)
	redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
		>"$WORK/redis.log" 2>&1 &
	PIDS+=("$!")
	for _ in $(seq 1 100); do
		redis PING >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	echo "redis-server did not start" >&2
	exit 1
}

JCMD=$(dirname "$(readlink -f "$(command -v "$JAVA")")")/jcmd
heap_used_kb() {
	# After full collections (the serial collector: the young generation is empty then); the
	# second one also frees what finalization and reference processing let go in the first.
	"$JCMD" "$1" GC.run >/dev/null
	"$JCMD" "$1" GC.run >/dev/null
	"$JCMD" "$1" GC.heap_info | awk '/generation/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub("K,?", "", v); s += v } } END { print s + 0 }'
}

# session_memory <label>: a first pass logs S7_SESSIONS users in (users and sessions), a second
# pass logs the same users in again (one more session each, nothing else): the second pass's
# growth of the heap (after a full GC) and of Redis's used memory, per session.
session_memory() {
	local label=$1 pass heap0 heap1 redis0 redis1 keys0 keys1 out
	for pass in 1 2; do
		if [ "$pass" = 2 ]; then
			heap0=$(heap_used_kb "${PID[$label]}") redis0=$(redis_used_memory) keys0=$(redis DBSIZE)
		fi
		out=$("$JAVA" -cp "$HERE/stub/target/bench-stub.jar" io.github.wxminiauth.bench.SessionFill \
			"$(url "$label")" "s7m${RUN_ID}${label//-/}" "$pass" "$S7_SESSIONS" 16)
		if [ "$(sed -n 's/.*"failed":\([0-9]*\).*/\1/p' <<<"$out")" != 0 ]; then
			echo "S7 session fill on $label failed: $out" >&2
			exit 1
		fi
	done
	heap1=$(heap_used_kb "${PID[$label]}") redis1=$(redis_used_memory) keys1=$(redis DBSIZE)
	record S7-memory "$label" heap_bytes_per_session "$(awk -v a="$heap0" -v b="$heap1" -v n="$S7_SESSIONS" 'BEGIN { printf "%.0f", (b - a) * 1024 / n }')"
	record S7-memory "$label" redis_bytes_per_session "$(awk -v a="$redis0" -v b="$redis1" -v n="$S7_SESSIONS" 'BEGIN { printf "%.0f", (b - a) / n }')"
	record S7-memory "$label" redis_keys_per_session "$(awk -v a="$keys0" -v b="$keys1" -v n="$S7_SESSIONS" 'BEGIN { printf "%.2f", (b - a) / n }')"
	echo "   S7 memory $label: heap $heap0 -> $heap1 KB, Redis $redis0 -> $redis1 B, keys $keys0 -> $keys1 for $S7_SESSIONS sessions" >&2
}

# S7: ours with wxmini.store=redis against the same application with wxmini.store=memory: login,
# refresh and the bearer path (CPU per request; the Redis commands of the bearer path, from
# INFO commandstats, less those of an idle window as long), memory per live session, and the
# revocation of a session on one instance seen by a second one.
S7_BEARER_EXTRA=""
run_s7() {
	if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
		echo "redis-server / redis-cli not found (Debian packages redis-server, redis-tools): S7 skipped" >&2
		return 0
	fi
	log "S7: Redis mode against memory mode"
	start_redis
	stub POST "__latency?ms=0" >/dev/null
	local prefix="bench${RUN_ID}x$RANDOM:" label
	local redis_args=(--spring.data.redis.host=127.0.0.1 --spring.data.redis.port="$REDIS_PORT"
		--wxmini.redis.key-prefix="$prefix")
	launch ours-memory ours-redis "$JAVA" --wxmini.store=memory "${redis_args[@]}"
	launch ours-redis ours-redis "$JAVA" --wxmini.store=redis "${redis_args[@]}"
	for label in ours-memory ours-redis; do
		first_login "$label" >/dev/null
	done
	for label in ours-memory ours-redis; do
		session_memory "$label"
	done
	load S7-login 32 ours-memory ours-redis -- login.lua 5000
	load S7-refresh 32 ours-memory ours-redis -- refresh.lua 5000
	# What a login and a refresh ask of Redis: the commands of one more run of each, per request.
	local lua c0 c1 kind
	for lua in login refresh; do
		c0=$(redis_calls)
		measure "" ours-redis 32 "$WARM_LIGHT" "$lua.lua" "${RUN_ID}S7c$lua" 5000
		c1=$(redis_calls)
		while read -r kind n; do
			[ -n "$kind" ] && record "S7-commands-$lua" ours-redis "$kind" \
				"$(awk -v n="$n" -v r="$LAST_REQUESTS" 'BEGIN { printf "%.3f", n / r }')"
		done <<<"$(calls_delta "$c0" "$c1")"
		echo "   S7 Redis commands per $lua: $(calls_delta "$c0" "$c1" | tr '\n' ' ')over $LAST_REQUESTS requests" >&2
	done

	# The bearer path: /api/hello with a token, interleaved; for ours-redis the Redis commands
	# during the run, less those of an idle window of the same length just before it (the
	# revocation feed's reads of the stream, every 200 ms).
	local token_memory token_redis rep c2 idle load_calls extra
	token_memory=$(login ours-memory "s7b${RUN_ID}.1" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
	token_redis=$(login ours-redis "s7b${RUN_ID}.1" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
	[ -n "$token_memory" ] && [ -n "$token_redis" ] || { echo "no token for S7 from ours-memory/ours-redis" >&2; exit 1; }
	measure "" ours-memory 32 "$WARM_AGAIN" get.lua /api/hello "$token_memory"
	measure "" ours-redis 32 "$WARM_AGAIN" get.lua /api/hello "$token_redis"
	for rep in $(seq 1 "$S2_REPS"); do
		measure S7-bearer ours-memory 32 "$S3_DUR" get.lua /api/hello "$token_memory"
		c0=$(redis_calls)
		sleep "$S3_DUR"
		c1=$(redis_calls)
		measure S7-bearer ours-redis 32 "$S3_DUR" get.lua /api/hello "$token_redis"
		c2=$(redis_calls)
		idle=$(sum_delta "$(calls_delta "$c0" "$c1")")
		load_calls=$(sum_delta "$(calls_delta "$c1" "$c2")")
		extra=$((load_calls - idle))
		record S7-bearer ours-redis redis_calls_idle "$idle"
		record S7-bearer ours-redis redis_calls_load "$load_calls"
		record S7-bearer ours-redis redis_calls_per_1k_requests "$(awk -v e="$extra" -v r="$LAST_REQUESTS" 'BEGIN { printf "%.3f", (e < 0 ? 0 : e) / r * 1000 }')"
		echo "   S7 bearer ours-redis: Redis commands $load_calls during $LAST_REQUESTS requests, $idle in an idle window as long: $(calls_delta "$c1" "$c2" | tr '\n' ' ')" >&2
		# More than one command per hundred requests is a command on the bearer path (the
		# feed's polling adds some five per second per instance, whatever the load).
		if [ $((extra * 100)) -gt "$LAST_REQUESTS" ]; then
			S7_BEARER_EXTRA="$extra commands beyond the idle window's during $LAST_REQUESTS requests: $(calls_delta "$c1" "$c2" | tr '\n' ' ')"
		fi
	done

	# Two instances on one Redis: a logout on ours-redis, the token refused by ours-redis-b.
	launch ours-redis-b ours-redis "$JAVA" --wxmini.store=redis "${redis_args[@]}"
	first_login ours-redis-b >/dev/null
	local out
	out=$("$JAVA" -cp "$HERE/stub/target/bench-stub.jar" io.github.wxminiauth.bench.RevocationProbe \
		"$(url ours-redis)" "$(url ours-redis-b)" "$S7_REVOCATIONS" 4 5 "$RUN_ID")
	echo "   S7 revocation across instances: $out" >&2
	for field in samples failures p50_ms p99_ms max_ms; do
		record S7-revocation ours-redis "$field" "$(sed -n "s/.*\"$field\":\([0-9.NaN]*\).*/\1/p" <<<"$out")"
	done
	for label in ours-memory ours-redis ours-redis-b; do
		stop "$label"
	done
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
rm -f "$HERE/results/"s6-*-pinned.txt
: >"$RAW"
STARTED=$(now_ms)
start_stub

if phase s5; then
	log "S5: start-up, $S5_REPS launch(es) per app"
	S5_APPS=(floor ours baseline)
	# In a full run also ours without the starter's method security (the baseline has none): what
	# @PreAuthorize support costs at start-up.
	[ "$MODE" = full ] && S5_APPS+=(ours-no-method-security)
	for rep in $(seq 1 "$S5_REPS"); do
		for label in "${S5_APPS[@]}"; do
			if [ "$label" = ours-no-method-security ]; then
				launch "$label" ours "$JAVA" \
					--spring.autoconfigure.exclude=io.github.wxminiauth.autoconfigure.WxMiniSecurityAutoConfiguration
			else
				launch "$label" "$label" "$JAVA"
			fi
			ms=$(first_login "$label")
			record S5 "$label" first_login_ms "$ms"
			sleep 2
			record S5 "$label" idle_rss_mb "$(rss_mb "${PID[$label]}")"
			stop "$label"
		done
	done
fi

if phase s4; then
	log "S4: phone bindings at a cold start"
	for app in ours baseline; do
		stub POST __reset >/dev/null
		launch "$app" "$app" "$JAVA"
		first_login "$app" >/dev/null
		s4 "$app"
		stop "$app"
	done
fi

if phase main; then
	# The measured phase: every app runs at once and the runs alternate between them.
	log "S1, S3, S2: all apps running, measurements interleaved"
	stub POST "__latency?ms=0" >/dev/null
	# baseline-200: the baseline with WxJava's pool raised to 200 connections (Tomcat's threads), as
	# a careful user would; the targets are judged against it.
	S1_APPS=(floor ours baseline baseline-200)
	S2_APPS=(floor ours baseline baseline-200)
	for app in floor ours baseline; do
		launch "$app" "$app" "$JAVA"
	done
	launch baseline-200 baseline "$JAVA" --wx.max-connections=200
	if [ "$MODE" = full ]; then
		# The floor on the JDK HttpClient: the evidence for the floor's choice of client.
		launch floor-jdk-client floor "$JAVA" --floor.client=jdk
		S1_APPS+=(floor-jdk-client)
		# S2 again with as many Tomcat threads as connections: without the queueing of 256
		# connections on Boot's default 200 threads, p99 - 50 ms shows what the app itself adds.
		launch floor-512t floor "$JAVA" --server.tomcat.threads.max=512
		launch ours-512t ours "$JAVA" --server.tomcat.threads.max=512
		S2_APPS+=(floor-512t ours-512t)
	fi
	for label in "${S1_APPS[@]}" "${S2_APPS[@]}"; do
		first_login "$label" >/dev/null
	done
	log "S1"
	load S1 32 "${S1_APPS[@]}" -- login.lua 5000
	log "S3"
	s3
	log "S2"
	stub POST "__latency?ms=50" >/dev/null
	load S2 256 "${S2_APPS[@]}" -- login.lua 5000
	stub POST "__latency?ms=0" >/dev/null
	for label in "${S1_APPS[@]}" "${S2_APPS[@]}"; do
		stop "$label"
	done
fi

if phase s6 && [ "$MODE" = full ]; then
	if [ -x "$JAVA25" ]; then
		run_s6
	else
		echo "JDK 25 not found at $JAVA25: S6 skipped" >&2
	fi
fi
if phase s7; then
	run_s7
fi
ELAPSED_S=$((($(now_ms) - STARTED) / 1000))

"$JAVA" -cp "$HERE/stub/target/bench-stub.jar" io.github.wxminiauth.bench.Report "$RAW" "$MODE" "$ELAPSED_S" \
	"$JAVA" "${JVM_FLAGS[*]}" >"$HERE/results/latest.md"
cat "$HERE/results/latest.md"

# The CI assertions: counts, never timings.
if phase s4; then
	ours_stable=$(awk -F'\t' '$1 == "S4" && $2 == "ours" && $3 == "stable_token" { print $4 }' "$RAW")
	if [ "$ours_stable" != 1 ]; then
		echo "FAIL: S4 expected exactly 1 stable_token call from ours, saw '${ours_stable}'" >&2
		exit 1
	fi
	echo "S4: ours made exactly 1 stable_token call for $S4_N concurrent phone bindings at a cold start" >&2
fi
if [ -n "$S7_BEARER_EXTRA" ]; then
	echo "FAIL: S7 the bearer path made Redis commands: $S7_BEARER_EXTRA" >&2
	exit 1
fi

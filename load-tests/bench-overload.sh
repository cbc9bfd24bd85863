#!/usr/bin/env bash
# The gateway in front of backends it can overload, on this machine, loopback only (about 3 minutes): two
# BenchBackends of bounded capacity (gateway/src/test/.../BoundedWorkers: BENCH_WORKERS requests at a time, each
# BENCH_SERVICE_MILLIS long, the rest queued; together CAPACITY = 2 * workers * 1000 / millis requests/s) behind
# one gateway with its defaults (round robin, breakers, retries of GETs, timeouts), once for each setting of its
# concurrency limit in LIMITS (GATEWAY_CONCURRENCY_LIMIT: adaptive, then off, its default), a fresh gateway each time.
# An open-model generator (OpenLoopGet: every request due at its time, latency counted from then) sends GETs through
# the gateway at 0.5 x CAPACITY (the unloaded latency), then at 1x, 2x and 3x, waiting for the backends' queues to
# empty between steps. Each step prints what the issue asks for:
#   - goodput: 200s that arrived per measured second (whenever they fell due), and their share of CAPACITY;
#   - admitted p99: the p99 of the 200s, and its ratio to the unloaded one;
#   - shed: 503s (a gateway refusing at once, Retry-After) and their p99;
#   - other failures (the gateway's 502/504s) and requests unanswered 10 s after the step ("failed/left"). The
#     2000 connections are many clients: with few, the overload would queue in the generator, not in the gateway.
# One line per setting other than adaptive, "overload, limit off: at 3x ...", then last the adaptive one's:
# "overload: at 3x goodput N/s (P % of capacity), admitted p99 A ms (R x unloaded), shed S (p99 T ms)";
# "none" where no request of the step got that answer (then the ratio is "-").
#
#   load-tests/bench-overload.sh   # env: BUILD=1 BENCH_WORKERS=4 BENCH_SERVICE_MILLIS=10 DURATION=15 WARMUP=5
#                                  #      CONNECTIONS=2000 FACTORS="1 2 3" LIMITS="adaptive off"
#
# About 3 minutes per setting. Every process it starts is stopped at the end, whatever happens; logs and bench.txt
# stay in the printed directory.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-1}
BENCH_WORKERS=${BENCH_WORKERS:-4}
BENCH_SERVICE_MILLIS=${BENCH_SERVICE_MILLIS:-10}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-5}
CONNECTIONS=${CONNECTIONS:-2000}
FACTORS=${FACTORS:-"1 2 3"}
LIMITS=${LIMITS:-"adaptive off"}
GENERATOR_LOOPS=${GENERATOR_LOOPS:-$(nproc)}
JAVA_OPTS=${JAVA_OPTS:-"-Xms256m -Xmx256m -XX:+UseParallelGC"}
RUN_DIR=$(mktemp -d /tmp/bench-overload.XXXXXX)
PIDS=()
CAPACITY=$(( 2 * BENCH_WORKERS * 1000 / BENCH_SERVICE_MILLIS ))
for factor in $FACTORS; do [[ $factor =~ ^[1-5]$ ]] || { echo "FACTORS: whole numbers 1-5" >&2; exit 2; }; done
for mode in $LIMITS; do [[ $mode =~ ^(adaptive|off)$ ]] || { echo "LIMITS: adaptive and/or off" >&2; exit 2; }; done
# shellcheck disable=SC2086
[ "$(printf '%s\n' $LIMITS | sort -u | wc -l)" = "$(printf '%s\n' $LIMITS | wc -l)" ] \
  || { echo "LIMITS: each setting once (a cluster member is set aside for each)" >&2; exit 2; }
[ "$DURATION" -le 60 ] && [ "$WARMUP" -le 30 ] && [ "$CONNECTIONS" -le 2000 ] && [ "$CAPACITY" -le 5000 ] \
  || { echo "bounded: DURATION <= 60, WARMUP <= 30, CONNECTIONS <= 2000, capacity <= 5000/s" >&2; exit 2; }

# free_port, start_jvm, stop_jvms, wait_until, routes_to, bench_keys, loadavg: shared with the other bench scripts.
# shellcheck source=../infra/bench-lib.sh
source "$ROOT/infra/bench-lib.sh"
say() { printf '%s\n' "$*" | tee -a "$RUN_DIR/bench.txt"; }
die() { printf 'bench-overload: %s\n' "$*" >&2; exit 1; }
cleanup() {
  stop_jvms
  echo "results and logs: $RUN_DIR"
}
trap cleanup EXIT

ensure_build() {
  cd "$ROOT"
  bench_build
  local needed
  for needed in gateway/target/gateway-1.0.0-SNAPSHOT-fat.jar \
      gateway/target/test-classes/dev/vxplatform/gateway/BoundedWorkers.class \
      load-tests/target/test-classes/dev/vxplatform/loadtests/bench/OpenLoopGet.class; do
    [ -e "$needed" ] || die "$needed is missing (run with BUILD=1)"
  done
  bench_copy_gateway
}

# One step: RESULT fields of OpenLoopGet at $1 requests/s ("goodput shed failed unfinished ok_p99_us shed_p99_us":
# goodput counts the 200s that arrived during the measured seconds, whenever they fell due).
step() {
  java -Xms128m -Xmx512m -XX:+UseParallelGC -Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener \
    -cp "$LOAD_CP" dev.vxplatform.loadtests.bench.OpenLoopGet "$1" "$DURATION" "$WARMUP" "$CONNECTIONS" 1 \
    "$GENERATOR_LOOPS" "$URL" 2>&1 | tee -a "$RUN_DIR/generator.txt" | awk '/^RESULT run=/ {
      for (i = 2; i <= NF; i++) {split($i, kv, "="); r[kv[1]] = kv[2]}
      print r["goodput"], r["shed"], r["errors"] - r["shed"], r["unfinished"], r["ok_p99_us"], r["shed_p99_us"]}'
}

# The backends' queues empty once the gateway gives up on what they hold: a direct GET is fast again.
idle() {
  local port took
  for port in "$B1" "$B2"; do
    took=$(curl -fs --max-time 2 -o /dev/null -w '%{time_total}' "http://127.0.0.1:$port/bench/idle") || return 1
    awk -v s="$took" 'BEGIN {exit !(s < 0.1)}' || return 1
  done
}

# OpenLoopGet at $1 requests/s through the gateway; dies when it printed no result.
measured() {
  local line
  line=$(step "$1")
  [ -n "$line" ] || die "no result at $1 requests/s, see $RUN_DIR/generator.txt"
  echo "$line"
}

# A p99 of 0 is an empty histogram: none of the step's requests got that answer.
ms() { awk -v us="$1" 'BEGIN {if (us > 0) printf "%.1f ms", us / 1000; else printf "none"}'; }

ensure_build
say "bench-overload $(date -u +%Y-%m-%dT%H:%MZ) at $(git -C "$ROOT" rev-parse --short HEAD): $(nproc) cores; load" \
  "average $(loadavg)"
{ read -ra COMMON; read -ra CLUSTER_PORTS; } < <(cluster_env 4)
COMMON+=(ACCESS_LOG=OFF JWT_PUBLIC_KEY_FILE="$PUBLIC_KEY" JWT_JWKS_URL=)
B1=$(free_port); B2=$(free_port)
say "2 backends of $BENCH_WORKERS workers x $BENCH_SERVICE_MILLIS ms (:$B1, :$B2): capacity $CAPACITY requests/s;" \
  "gateway with its defaults, concurrency limit: $LIMITS"
for i in 1 2; do
  port=$([ "$i" = 1 ] && echo "$B1" || echo "$B2")
  start_jvm "backend-$i" "$GATEWAY_CP" dev.vxplatform.gateway.BenchBackend "${COMMON[@]}" \
    CLUSTER_PORT="${CLUSTER_PORTS[$((i - 1))]}" HTTP_PORT="$port" BENCH_WORKERS="$BENCH_WORKERS" \
    BENCH_SERVICE_MILLIS="$BENCH_SERVICE_MILLIS"
done
wait_until "both backends answer" 120 bash -c "curl -fs http://127.0.0.1:$B1/ && curl -fs http://127.0.0.1:$B2/"

# A gateway with GATEWAY_CONCURRENCY_LIMIT=$1 (member $2 of the cluster), measured at every step, then stopped; sets
# LAST to its summary line.
measure_gateway() {
  local mode=$1 member=$2 gw admin pid unloaded_rate goodput base_p99 factor rate shed failed left p99 shed_p99
  local share times
  gw=$(free_port); admin=$(free_port)
  wait_until "the backends are idle again" 120 idle
  # A public read (no token to verify) and no per-caller rate limit: the generator is one caller.
  start_jvm "gateway-$mode" "$GATEWAY_CP" dev.vxplatform.gateway.Main "${COMMON[@]}" \
    CLUSTER_PORT="${CLUSTER_PORTS[$member]}" GATEWAY_PORT="$gw" MANAGEMENT_PORT="$admin" \
    GATEWAY_PUBLIC_READS=/api/bench GATEWAY_RATE_READS_PER_SECOND=0 GATEWAY_RATE_WRITES_PER_SECOND=0 \
    GATEWAY_CONCURRENCY_LIMIT="$mode"
  pid=${PIDS[-1]}
  wait_until "the gateway routes to both backends" 120 routes_to "$admin" 2
  URL="http://127.0.0.1:$gw/api/bench/hello"
  unloaded_rate=$(( CAPACITY / 2 ))
  say "concurrency limit $mode: gateway :$gw (management :$admin)"
  say "  unloaded: $unloaded_rate requests/s (0.5 x capacity) for ${DURATION}s after ${WARMUP}s; $CONNECTIONS connections"
  read -r goodput _ _ _ base_p99 _ <<<"$(measured "$unloaded_rate")"
  [ "$goodput" -gt 0 ] || die "nothing answered at $unloaded_rate/s, see $RUN_DIR/generator.txt"
  say "  p99 of the 200s: $(ms "$base_p99")"
  printf '%-7s %9s %9s %10s %14s %9s %9s %9s %11s\n' overload offered goodput "% capacity" "admitted p99" \
    "x unloaded" shed "shed p99" "failed/left" | tee -a "$RUN_DIR/bench.txt"
  for factor in $FACTORS; do
    wait_until "the backends are idle again" 120 idle
    rate=$(( CAPACITY * factor ))
    read -r goodput shed failed left p99 shed_p99 <<<"$(measured "$rate")"
    share=$(( 100 * goodput / CAPACITY ))
    times=$(awk -v a="$p99" -v b="$base_p99" 'BEGIN {printf (a > 0 && b > 0) ? "%.1f" : "-", a / b}')
    printf '%-7s %9s %9s %10s %14s %9s %9s %9s %11s\n' "${factor}x" "$rate/s" "$goodput/s" "$share %" \
      "$(ms "$p99")" "$times" "$shed" "$(ms "$shed_p99")" "$failed/$left" | tee -a "$RUN_DIR/bench.txt"
    LAST="at ${factor}x goodput $goodput/s ($share % of capacity), admitted p99 $(ms "$p99") ($times x"
    LAST+=" unloaded), shed $shed (p99 $(ms "$shed_p99"))"
  done
  kill -TERM "$pid" 2>/dev/null || true
  wait_until "gateway-$mode has stopped" 30 bash -c "! kill -0 $pid 2>/dev/null"
}

member=2
summaries=()
for mode in $LIMITS; do
  measure_gateway "$mode" "$member"
  member=$(( member + 1 ))
  if [ "$mode" = adaptive ]; then default_line="overload: $LAST"; else summaries+=("overload, limit $mode: $LAST"); fi
done
say "load average $(loadavg)"
for line in "${summaries[@]}"; do say "$line"; done
[ -z "${default_line:-}" ] || say "$default_line"

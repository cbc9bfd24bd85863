#!/usr/bin/env bash
# A/B of gateway builds or settings by the gateway's CPU time per request, the yardstick that holds on a shared
# machine (raw requests/s moves with whatever else runs). Starts 2 BenchBackends, then one gateway per variant
# (all at once, each on its own port, lite members of one throw-away loopback cluster), warms each with wrk,
# then measures the variants interleaved, RUNS rounds, and prints medians of requests/s, p50, p99 and
# gateway CPU µs/request (utime + stime of the gateway JVM from /proc, over requests served). As a control, the
# backends' CPU µs/request too: their work per request is fixed, so when it rises the machine was busier; the
# ratio gateway/backends per round is the steadiest figure when the load average moves.
#
#   gateway/bench/bench-gateway-ab.sh NAME=JAR[:ENV=VALUE...] ...
#     e.g. base=/tmp/base.jar new=gateway/target/gateway-1.0.0-SNAPSHOT-fat.jar \
#          pool8=gateway/target/gateway-1.0.0-SNAPSHOT-fat.jar:GATEWAY_POOL_SIZE=8
#   env: RUNS=3 DURATION=20 WARMUP=20 CONNECTIONS=32 THREADS=2 LB=round-robin
#        PROFILE=NAME (JFR recording of that variant's gateway, warm-up and measured runs)
#        BACKEND_CLASSES=gateway/target/test-classes (BenchBackend; copied first, like the jars)
#
# Every JVM it starts is stopped at the end; jars are copied first, so a build meanwhile cannot swap them.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RUNS=${RUNS:-3}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-20}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
LB=${LB:-round-robin}
PROFILE=${PROFILE:-}
BACKEND_CLASSES=${BACKEND_CLASSES:-$ROOT/gateway/target/test-classes}
JAVA_OPTS=${JAVA_OPTS:-"-Xms256m -Xmx256m -XX:+UseParallelGC"}
RUN_DIR=$(mktemp -d /tmp/bench-gateway-ab.XXXXXX)
PIDS=()
# shellcheck source=../../infra/bench-lib.sh
source "$ROOT/infra/bench-lib.sh"

stop_jvms_on_exit

[ $# -ge 1 ] || die "usage: $0 NAME=JAR[:ENV=VALUE...] ..."
ensure_wrk
NAMES=()
declare -A JAR=() ENVS=() PORT=() ADMIN=() PID=() RPS=() P50=() P99=() CPU=() BCPU=() RATIO=()
for spec in "$@"; do
  name=${spec%%=*}; rest=${spec#*=}
  IFS=: read -ra parts <<<"$rest"
  [ -f "${parts[0]}" ] || die "$name: no jar at ${parts[0]}"
  NAMES+=("$name")
  JAR[$name]=$RUN_DIR/$name.jar
  cp "${parts[0]}" "${JAR[$name]}"
  ENVS[$name]="${parts[*]:1}"
done
cp -r "$BACKEND_CLASSES" "$RUN_DIR/backend-classes"

{ read -ra COMMON; read -ra CLUSTER_PORTS; } < <(cluster_env $((2 + ${#NAMES[@]})))
# Every JVM verifies tokens with a key made for the run; the measured GET is a public read (no token, as for nginx),
# and no rate limit applies: the proxy alone is measured.
PUBLIC_KEY=$(bench_keys "${JAR[${NAMES[0]}]}" "$RUN_DIR/keys") || die "TokenTool (in ${NAMES[0]}'s jar) made no key pair"
# Access logs off, like nginx's (access_log off): the proxy alone is measured; name=jar:ACCESS_LOG=INFO for their cost.
# No concurrency limit either: wrk saturates backends that share the cores, and the 503s the limit would answer at
# once would count as served (its bookkeeping alone:
# name=jar:GATEWAY_CONCURRENCY_LIMIT=adaptive:GATEWAY_LIMIT_INITIAL=64:GATEWAY_LIMIT_MIN=64).
COMMON+=(ACCESS_LOG="${ACCESS_LOG:-OFF}" JWT_PUBLIC_KEY_FILE="$PUBLIC_KEY" JWT_JWKS_URL= GATEWAY_PUBLIC_READS=/api/bench
  GATEWAY_RATE_READS_PER_SECOND=0 GATEWAY_RATE_WRITES_PER_SECOND=0 GATEWAY_CONCURRENCY_LIMIT=off)
B1=$(free_port); B2=$(free_port)
BACKEND_CP="${JAR[${NAMES[0]}]}:$RUN_DIR/backend-classes"
start_jvm backend-1 "$BACKEND_CP" dev.vxplatform.gateway.BenchBackend "${COMMON[@]}" CLUSTER_PORT="${CLUSTER_PORTS[0]}" HTTP_PORT="$B1"
start_jvm backend-2 "$BACKEND_CP" dev.vxplatform.gateway.BenchBackend "${COMMON[@]}" CLUSTER_PORT="${CLUSTER_PORTS[1]}" HTTP_PORT="$B2"
BACKEND_PIDS=("${PIDS[@]}")
wait_until "both backends answer" 120 bash -c "curl -fs -o /dev/null http://127.0.0.1:$B1/ && curl -fs -o /dev/null http://127.0.0.1:$B2/"

i=2
for name in "${NAMES[@]}"; do
  PORT[$name]=$(free_port)
  ADMIN[$name]=$(free_port)  # its management port: /admin/instances, which routes_to reads
  EXTRA_JAVA_OPTS=""
  [ "$name" = "$PROFILE" ] && EXTRA_JAVA_OPTS="-XX:+FlightRecorder"
  # shellcheck disable=SC2086
  EXTRA_JAVA_OPTS=$EXTRA_JAVA_OPTS start_jvm "gateway-$name" "${JAR[$name]}" dev.vxplatform.gateway.Main \
    "${COMMON[@]}" CLUSTER_PORT="${CLUSTER_PORTS[$i]}" GATEWAY_PORT="${PORT[$name]}" MANAGEMENT_PORT="${ADMIN[$name]}" GATEWAY_LB="$LB" ${ENVS[$name]}
  PID[$name]=${PIDS[-1]}
  i=$((i + 1))
done
for name in "${NAMES[@]}"; do
  wait_until "gateway $name routes to both backends" 120 routes_to "${ADMIN[$name]}" 2
  say "gateway $name: :${PORT[$name]} (management :${ADMIN[$name]}), pid ${PID[$name]}, env [${ENVS[$name]}]"
done

url() { echo "http://127.0.0.1:${PORT[$1]}/api/bench/hello"; }
# Started before the warm-up, which absorbs its start-up cost; it then costs that variant a few % of CPU.
if [ -n "$PROFILE" ]; then
  jcmd "${PID[$PROFILE]}" JFR.start name=ab settings=profile filename="$RUN_DIR/$PROFILE.jfr" >/dev/null
fi
say "warming up each gateway, ${WARMUP}s of wrk"
for name in "${NAMES[@]}"; do wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "$(url "$name")" >/dev/null; done

say "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency, $RUNS rounds interleaved; $(nproc) cores; load average $(loadavg)"
for run in $(seq 1 "$RUNS"); do
  for name in "${NAMES[@]}"; do
    before=$(cpu_ticks "${PID[$name]}")
    backend_before=$(( $(cpu_ticks "${BACKEND_PIDS[0]}") + $(cpu_ticks "${BACKEND_PIDS[1]}") ))
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$(url "$name")")
    after=$(cpu_ticks "${PID[$name]}")
    backend_after=$(( $(cpu_ticks "${BACKEND_PIDS[0]}") + $(cpu_ticks "${BACKEND_PIDS[1]}") ))
    echo "$out" >>"$RUN_DIR/wrk-$name.txt"
    echo "$out" | grep -E 'Non-2xx|Socket errors' | sed "s/^/  $name: wrk: /" || true
    read -r rps p50 p99 < <(echo "$out" | wrk_summary)
    per_request() { awk -v t="$1" -v hz="$(getconf CLK_TCK)" -v r="$rps" -v s="$DURATION" \
      'BEGIN {printf "%.1f", t * 1e6 / hz / (r * s)}'; }
    cpu=$(per_request $((after - before)))
    backend_cpu=$(per_request $((backend_after - backend_before)))
    RPS[$name]+="$rps "; P50[$name]+="$p50 "; P99[$name]+="$p99 "; CPU[$name]+="$cpu "; BCPU[$name]+="$backend_cpu "
    RATIO[$name]+="$(awk -v g="$cpu" -v b="$backend_cpu" 'BEGIN {printf "%.2f", g / b}') "
    say "  round $run $name: $rps rps, p50 $p50, p99 $p99, gateway $cpu CPU-µs/request (backends $backend_cpu);" \
      "load average $(loadavg)"
  done
done
if [ -n "$PROFILE" ]; then
  jcmd "${PID[$PROFILE]}" JFR.stop name=ab >/dev/null
  say "JFR recording of $PROFILE: $RUN_DIR/$PROFILE.jfr"
fi

# Medians; wrk prints latencies with a unit (us/ms/s): compared in µs.
to_us() { awk '{v=$1; u=v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
  printf "%.0f\n", v * (u == "s" ? 1e6 : u == "ms" ? 1e3 : 1)}'; }
median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
med() { printf '%s\n' $1 | median; }
med_us() { printf '%s\n' $1 | to_us | median; }
say ""
say "medians of $RUNS rounds (CPU: µs per request; ratio: gateway CPU / backends' CPU, per round)"
printf '%-14s %9s %8s %8s %11s %10s %7s  %s\n' variant "rps" "p50 µs" "p99 µs" "gateway CPU" "backends'" "ratio" \
  "gateway CPU per round" | tee -a "$RUN_DIR/ab.txt"
for name in "${NAMES[@]}"; do
  printf '%-14s %9.0f %8s %8s %11s %10s %7s  %s\n' "$name" "$(med "${RPS[$name]}")" "$(med_us "${P50[$name]}")" \
    "$(med_us "${P99[$name]}")" "$(med "${CPU[$name]}")" "$(med "${BCPU[$name]}")" "$(med "${RATIO[$name]}")" \
    "${CPU[$name]}" | tee -a "$RUN_DIR/ab.txt"
done
say "load average at the end: $(loadavg)"

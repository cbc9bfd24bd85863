#!/usr/bin/env bash
# Quick gateway benchmark, one run on loopback: the same trivial GET (a 2-byte "ok")
#   1. direct to one backend, and
#   2. through the gateway, balanced over two backends found in discovery,
# each measured with wrk after a warm-up; prints requests/s and p50/p99 latency, then stops every JVM it started.
#
#   gateway/bench/bench-gateway-quick.sh     # env: DURATION=15s WARMUP=5s CONNECTIONS=32 THREADS=2 LB=round-robin
#
# Three JVMs join a throw-away Hazelcast cluster of their own on 127.0.0.1 (two bench backends, the gateway as a
# lite member). wrk comes from Debian's packages and is installed when missing.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-5s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
LB=${LB:-round-robin}
RUN_DIR=$(mktemp -d /tmp/bench-gateway.XXXXXX)
JAR=$ROOT/gateway/target/gateway-1.0.0-SNAPSHOT-fat.jar
TEST_CLASSES=$ROOT/gateway/target/test-classes
JAVA_OPTS=${JAVA_OPTS:-"-Xms256m -Xmx256m -XX:+UseParallelGC"}
PIDS=()
# shellcheck source=../../infra/bench-lib.sh
source "$ROOT/infra/bench-lib.sh"

stop_jvms_on_exit

ensure_build() {
  if [ ! -f "$JAR" ] || [ ! -f "$TEST_CLASSES/dev/vxplatform/gateway/BenchBackend.class" ]; then
    say "building the gateway (fat jar and test classes)"
    (cd "$ROOT" && mvn -B -o -q package -DskipTests -pl gateway) || die "build failed"
  fi
}

warm() { wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$1" >/dev/null; }

# wrk's --latency output → "rps p50 p99"
measure() { # url
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$1")
  echo "$out" >>"$RUN_DIR/wrk.txt"
  local errors
  errors=$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}')
  [ -z "$errors" ] || say "  wrk reported: $errors"
  echo "$out" | wrk_summary
}

ensure_wrk
ensure_build
{ read -ra COMMON; read -ra CLUSTER_PORTS; } < <(cluster_env 3)
# Every JVM verifies tokens with a key made for the run; the measured GET is a public read (no token, as for nginx),
# and no rate limit applies: the proxy alone is measured.
PUBLIC_KEY=$(bench_keys "$JAR" "$RUN_DIR/keys") || die "TokenTool made no key pair"
# Access logs off, like nginx's (access_log off): the proxy alone is measured; name=jar:ACCESS_LOG=INFO for their cost.
# No concurrency limit either: wrk saturates backends that share the cores, and the 503s the limit would answer at
# once would count as served (its bookkeeping alone:
# name=jar:GATEWAY_CONCURRENCY_LIMIT=adaptive:GATEWAY_LIMIT_INITIAL=64:GATEWAY_LIMIT_MIN=64).
COMMON+=(ACCESS_LOG="${ACCESS_LOG:-OFF}" JWT_PUBLIC_KEY_FILE="$PUBLIC_KEY" JWT_JWKS_URL= GATEWAY_PUBLIC_READS=/api/bench
  GATEWAY_RATE_READS_PER_SECOND=0 GATEWAY_RATE_WRITES_PER_SECOND=0 GATEWAY_CONCURRENCY_LIMIT=off)
B1=$(free_port); B2=$(free_port); GW=$(free_port); GW_ADMIN=$(free_port)

say "starting 2 backends (:$B1, :$B2), then the gateway (:$GW, management :$GW_ADMIN); cluster ports ${CLUSTER_PORTS[*]}"
start_jvm backend-1 "$JAR:$TEST_CLASSES" dev.vxplatform.gateway.BenchBackend "${COMMON[@]}" CLUSTER_PORT="${CLUSTER_PORTS[0]}" HTTP_PORT="$B1"
start_jvm backend-2 "$JAR:$TEST_CLASSES" dev.vxplatform.gateway.BenchBackend "${COMMON[@]}" CLUSTER_PORT="${CLUSTER_PORTS[1]}" HTTP_PORT="$B2"

wait_until "both backends answer" 90 bash -c "curl -fs -o /dev/null http://127.0.0.1:$B1/ && curl -fs -o /dev/null http://127.0.0.1:$B2/ 2>/dev/null"
# A lite member cannot form a cluster alone: the gateway joins once the data members are up.
start_jvm gateway "$JAR:$TEST_CLASSES" dev.vxplatform.gateway.Main "${COMMON[@]}" CLUSTER_PORT="${CLUSTER_PORTS[2]}" GATEWAY_PORT="$GW" MANAGEMENT_PORT="$GW_ADMIN" GATEWAY_LB="$LB"
wait_until "the gateway routes to both backends" 90 routes_to "$GW_ADMIN" 2
wait_until "a GET through the gateway works" 30 bash -c "curl -fs -o /dev/null http://127.0.0.1:$GW/api/bench/hello"

DIRECT=http://127.0.0.1:$B1/bench/hello
THROUGH=http://127.0.0.1:$GW/api/bench/hello
say "warming up (JIT) both paths, $WARMUP each, twice"
warm "$DIRECT"; warm "$THROUGH"; warm "$DIRECT"; warm "$THROUGH"
say "wrk -t$THREADS -c$CONNECTIONS -d$DURATION; $(nproc) cores shared by wrk and every JVM; load average $(loadavg)"
read -r d_rps d_p50 d_p99 < <(measure "$DIRECT")
read -r g_rps g_p50 g_p99 < <(measure "$THROUGH")
printf '%-46s %12s %10s %10s\n' "target" "requests/s" "p50" "p99"
printf '%-46s %12s %10s %10s\n' "direct, one backend" "$d_rps" "$d_p50" "$d_p99"
printf '%-46s %12s %10s %10s\n' "gateway ($LB), two backends" "$g_rps" "$g_p50" "$g_p99"

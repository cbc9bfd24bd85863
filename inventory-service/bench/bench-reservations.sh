#!/usr/bin/env bash
# Reservation throughput and latency of a 3-node inventory cluster on this machine, over the event bus and
# over HTTP. Starts its own three inventory JVMs (own cluster name, free loopback ports), runs a bounded
# number of reservations, prints reservations/s and p50/p99, and stops every JVM it started.
#
#   inventory-service/bench/bench-reservations.sh            # COUNT=5000 CONCURRENCY=32 ITEMS=1
#   COUNT=20000 CONCURRENCY=64 ITEMS=2 inventory-service/bench/bench-reservations.sh
#
# Needs the fat jar (built when missing, or with BUILD=1): mvn -o -q package -DskipTests -pl inventory-service
set -euo pipefail

MODULE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROOT=$(cd "$MODULE/.." && pwd)
JAR="$MODULE/target/inventory-service-1.0.0-SNAPSHOT-fat.jar"
OUT="$MODULE/target/bench"
COUNT=${COUNT:-5000}
CONCURRENCY=${CONCURRENCY:-32}
ITEMS=${ITEMS:-1}
NODES=3
MAX_SECONDS=${MAX_SECONDS:-300}
JAVA_OPTS=${JAVA_OPTS:-"-Xms64m -Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError"}
HAZELCAST_OPTS="--add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.management/sun.management=ALL-UNNAMED --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED"

(( COUNT > 0 && COUNT <= 100000 )) || { echo "COUNT must be 1..100000" >&2; exit 2; }
(( CONCURRENCY > 0 && CONCURRENCY <= 256 )) || { echo "CONCURRENCY must be 1..256" >&2; exit 2; }

if [[ ! -f "$JAR" || ${BUILD:-0} == 1 ]]; then
  (cd "$ROOT" && mvn -B -o -q package -DskipTests -pl inventory-service)
fi
mkdir -p "$OUT"

# A loopback port nobody listens on (a connect that fails); good enough for a local benchmark.
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
}

PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT INT TERM

CLUSTER="inventory-bench-$$"
HZ_PORTS=(); HTTP_PORTS=()
for ((i = 0; i <= NODES; i++)); do HZ_PORTS+=("$(free_port)"); done
for ((i = 0; i < NODES; i++)); do HTTP_PORTS+=("$(free_port)"); done
MEMBERS=$(printf '127.0.0.1:%s,' "${HZ_PORTS[@]}"); MEMBERS=${MEMBERS%,}

for ((i = 0; i < NODES; i++)); do
  # shellcheck disable=SC2086
  CLUSTER_NAME=$CLUSTER CLUSTER_HOST=127.0.0.1 CLUSTER_PORT=${HZ_PORTS[$i]} CLUSTER_PORT_COUNT=1 \
    CLUSTER_MEMBERS=$MEMBERS HTTP_PORT=${HTTP_PORTS[$i]} \
    java $JAVA_OPTS $HAZELCAST_OPTS -jar "$JAR" >"$OUT/inventory-$((i + 1)).log" 2>&1 &
  PIDS+=($!)
  # One at a time: parallel first joins can form split clusters.
  deadline=$((SECONDS + 90))
  until curl -fs -o /dev/null "http://127.0.0.1:${HTTP_PORTS[$i]}/health/ready"; do
    kill -0 "${PIDS[$i]}" 2>/dev/null || { echo "inventory-$((i + 1)) died; see $OUT/inventory-$((i + 1)).log" >&2; exit 1; }
    (( SECONDS < deadline )) || { echo "inventory-$((i + 1)) not ready in 90 s" >&2; exit 1; }
    sleep 0.5
  done
  echo "inventory-$((i + 1)) ready on http://127.0.0.1:${HTTP_PORTS[$i]} (pid ${PIDS[$i]})"
done

HTTP_LIST=$(IFS=,; echo "${HTTP_PORTS[*]}")
# shellcheck disable=SC2086
timeout "$MAX_SECONDS" java $JAVA_OPTS $HAZELCAST_OPTS -Dhazelcast.phone.home.enabled=false \
  -Dlogback.configurationFile="$MODULE/bench/logback-bench.xml" -cp "$JAR" "$MODULE/bench/ReservationBench.java" \
  "$CLUSTER" "${HZ_PORTS[$NODES]}" "$MEMBERS" "$HTTP_LIST" "$COUNT" "$CONCURRENCY" "$ITEMS" \
  2>&1 | tee "$OUT/bench-$(date +%Y%m%d-%H%M%S).txt"

#!/usr/bin/env bash
# Reservation throughput and latency of a 3-node inventory cluster on this machine, over the event bus and
# over HTTP. Starts its own three inventory JVMs (own cluster name, free loopback ports), runs a bounded
# number of reservations, prints reservations/s and p50/p99, and stops every JVM it started.
#
#   inventory-service/bench/bench-reservations.sh            # COUNT=5000 CONCURRENCY=32 ITEMS=1
#   COUNT=20000 CONCURRENCY=64 ITEMS=2 inventory-service/bench/bench-reservations.sh
#
# Needs the fat jar (built when missing, or with BUILD=1): mvn -o -q package -DskipTests -pl inventory-service
# and dev-database's (for the nodes' PostgreSQL, started fresh in target/bench/postgres and stopped after them).
#
# Every node verifies bearer tokens: the nodes get JWT_PUBLIC_KEY_FILE of a key pair made with the jar's TokenTool in
# target/bench/keys, and ReservationBench one operator token signed with it (TokenTool token; in its environment as
# TOKEN, never printed) for the products, restocks, reservations over HTTP and the audit.
set -euo pipefail

MODULE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROOT=$(cd "$MODULE/.." && pwd)
JAR="$MODULE/target/inventory-service-1.0.0-SNAPSHOT-fat.jar"
DATABASE_JAR="$ROOT/dev-database/target/dev-database-1.0.0-SNAPSHOT-fat.jar"
OUT="$MODULE/target/bench"
COUNT=${COUNT:-5000}
CONCURRENCY=${CONCURRENCY:-32}
ITEMS=${ITEMS:-1}
NODES=3
MAX_SECONDS=${MAX_SECONDS:-300}
JAVA_OPTS=${JAVA_OPTS:-"-Xms64m -Xmx256m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError"}
RUN_DIR=$OUT
PIDS=()
# Hazelcast's JVM flags, free_port, start_jvm, wait_until, stop_jvms: shared by every benchmark script.
# shellcheck source=../../infra/bench-lib.sh
source "$ROOT/infra/bench-lib.sh"

(( COUNT > 0 && COUNT <= 100000 )) || die "COUNT must be 1..100000"
(( CONCURRENCY > 0 && CONCURRENCY <= 256 )) || die "CONCURRENCY must be 1..256"

if [[ ! -f "$JAR" || ! -f "$DATABASE_JAR" || ${BUILD:-0} == 1 ]]; then
  (cd "$ROOT" && mvn -B -o -q package -DskipTests -pl inventory-service,dev-database)
fi
mkdir -p "$OUT"
stop_jvms_on_exit
start_postgres "$DATABASE_JAR" "$OUT/postgres"

KEYS="$OUT/keys"
PUBLIC_KEY=$(bench_keys "$JAR" "$KEYS") || die "TokenTool could not make a key pair in $KEYS"
# Longer than the run (at most MAX_SECONDS); a secret, kept in this variable only.
TOKEN=$(bench_token "$JAR" "$KEYS" --sub bench-reservations --scope "$OPERATOR_SCOPES" --ttl $((MAX_SECONDS + 600))) \
  || die "TokenTool could not sign a token"

CLUSTER="inventory-bench-$$"
HZ_PORTS=(); HTTP_PORTS=()
for ((i = 0; i <= NODES; i++)); do HZ_PORTS+=("$(free_port)"); done
for ((i = 0; i < NODES; i++)); do HTTP_PORTS+=("$(free_port)"); done
MEMBERS=$(printf '127.0.0.1:%s,' "${HZ_PORTS[@]}"); MEMBERS=${MEMBERS%,}

ready() { curl -fs -o /dev/null "http://127.0.0.1:$1/health/ready"; }
for ((i = 0; i < NODES; i++)); do
  start_jvm "inventory-$((i + 1))" "$JAR" dev.vxplatform.inventory.Main CLUSTER_NAME="$CLUSTER" \
    CLUSTER_HOST=127.0.0.1 CLUSTER_PORT="${HZ_PORTS[$i]}" CLUSTER_PORT_COUNT=1 CLUSTER_MEMBERS="$MEMBERS" \
    HTTP_PORT="${HTTP_PORTS[$i]}" JWT_PUBLIC_KEY_FILE="$PUBLIC_KEY" JWT_JWKS_URL= "${DATABASE_ENV[@]}"
  # One at a time: parallel first joins can form split clusters.
  wait_until "inventory-$((i + 1)) is ready (log: $OUT/inventory-$((i + 1)).log)" 90 ready "${HTTP_PORTS[$i]}"
  say "inventory-$((i + 1)) ready on http://127.0.0.1:${HTTP_PORTS[$i]} (pid ${PIDS[$i]})"
done

HTTP_LIST=$(IFS=,; echo "${HTTP_PORTS[*]}")
# shellcheck disable=SC2086
TOKEN=$TOKEN timeout "$MAX_SECONDS" java $JAVA_OPTS $HAZELCAST_OPTS -Dhazelcast.phone.home.enabled=false \
  -Dlogback.configurationFile="$MODULE/bench/logback-bench.xml" -cp "$JAR" "$MODULE/bench/ReservationBench.java" \
  "$CLUSTER" "${HZ_PORTS[$NODES]}" "$MEMBERS" "$HTTP_LIST" "$COUNT" "$CONCURRENCY" "$ITEMS" \
  2>&1 | tee "$OUT/bench-$(date +%Y%m%d-%H%M%S).txt"

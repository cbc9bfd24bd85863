#!/usr/bin/env bash
# Measures POST /orders on a local cluster of separate JVMs: orders/s and p50/p90/p99 latency.
#
#   order-service/bench/bench-orders.sh
#
# Starts its own cluster through infra/local-cluster.sh (own cluster name, own Hazelcast ports, own run
# directory, so it never joins a cluster that is already running), restocks the skus it orders, runs a
# closed-loop load on 127.0.0.1 only, prints the numbers and always stops every JVM it started.
# Needs the fat jars: mvn -B -o -DskipTests package -pl gateway,order-service,inventory-service,dev-database
#
# REQUESTS (default 3000) measured orders after WARMUP (500); CONCURRENCY (16) workers; IDEMPOTENCY=true sends
# a fresh Idempotency-Key with each order; ORDER_INSTANCES (2) and INVENTORY_INSTANCES (2) JVMs.
#
# Every service verifies bearer tokens: the restocks, the orders (for 1,000 customers) and the audit carry one
# operator token (orders:write orders:read inventory:admin admin) from infra/local-cluster.sh token with this run's
# RUN_DIR, as the README gets one. BenchOrders gets it in its environment (TOKEN); it is never printed.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
REQUESTS=${REQUESTS:-3000}
WARMUP=${WARMUP:-500}
CONCURRENCY=${CONCURRENCY:-16}
IDEMPOTENCY=${IDEMPOTENCY:-false}
SKUS=${SKUS:-SKU-0001,SKU-0002,SKU-0003,SKU-0007,SKU-0008,SKU-0010}
[ "$REQUESTS" -le 100000 ] && [ "$CONCURRENCY" -le 128 ] || { echo "bounded: REQUESTS <= 100000, CONCURRENCY <= 128" >&2; exit 2; }

for module in gateway order-service inventory-service dev-database; do
  [ -f "$ROOT/$module/target/$module-1.0.0-SNAPSHOT-fat.jar" ] || {
    echo "missing $module fat jar: mvn -B -o -DskipTests package -pl gateway,order-service,inventory-service,dev-database" >&2; exit 2; }
done

export RUN_DIR
RUN_DIR=$(mktemp -d /tmp/bench-orders.XXXXXX)
export CLUSTER_NAME="bench-orders-$$"
export CLUSTER_PORT=$((6000 + RANDOM % 3000))
export CLUSTER_PORT_COUNT=10
export GATEWAY_PORT=$((33000 + RANDOM % 2000))
export ORDER_INSTANCES=${ORDER_INSTANCES:-2}
export INVENTORY_INSTANCES=${INVENTORY_INSTANCES:-2}
export SKIP_BUILD=1
unset JWT_PUBLIC_KEY_FILE JWT_JWKS_URL  # up makes this run's own key pair; token signs with it
CLUSTER="$ROOT/infra/local-cluster.sh"

cleanup() {
  "$CLUSTER" down >/dev/null 2>&1 || true
  rm -rf "$RUN_DIR"
}
trap cleanup EXIT INT TERM

"$CLUSTER" up
port_of() { cat "$RUN_DIR/$1.port"; }
# Longer than any run (at most 100,000 orders in 10 minutes); a secret: kept in this variable only.
TOKEN=$("$CLUSTER" token --sub bench-orders --scope "orders:write orders:read inventory:admin admin" --ttl 3600)

total=$((REQUESTS + WARMUP))
for sku in ${SKUS//,/ }; do
  curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $TOKEN" \
    -d "{\"qty\":$total}" "http://127.0.0.1:$(port_of inventory-1)/stock/$sku/restock" \
    || { echo "restock of $sku failed" >&2; exit 1; }
done

targets=""
for ((i = 1; i <= ORDER_INSTANCES; i++)); do targets+="${targets:+,}127.0.0.1:$(port_of "order-$i")"; done
echo "POST /orders on $targets: $WARMUP warm-up + $REQUESTS measured, $CONCURRENCY concurrent"
TOKEN=$TOKEN java "$HERE/BenchOrders.java" "$targets" "$REQUESTS" "$CONCURRENCY" "$WARMUP" "$SKUS" "$IDEMPOTENCY"
audit=$(curl -sf -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$(port_of inventory-1)/inventory/audit" \
  | jq -c '{ok}' || echo '{"ok":"unknown"}')
echo "inventory audit after the run: $audit"

#!/usr/bin/env bash
# A narrated tour of the platform's failover, for people: starts the cluster, places an order, kills an inventory
# node with SIGKILL, shows that the next order still succeeds and no unit of stock was lost, restarts the node and
# stops everything. Uses a cluster of its own (RUN_DIR .run/tour, cluster name vxplatform-tour, Hazelcast ports
# from 5801), so it does not meet a demo started with local-cluster.sh up.
#
#   infra/tour.sh                  # gateway on 8080 (GATEWAY_PORT to change); KEEP=1 leaves the cluster running
#   PAUSE=0 infra/tour.sh          # no pauses between steps
#
# Every service verifies bearer tokens: the tour gets two as the README does (infra/local-cluster.sh token, same
# RUN_DIR): an operator's for the product, the stock and the audit, and the customer 'tour''s for the orders. The
# requests it shows name them $OPERATOR and $CUSTOMER; the tokens themselves are never printed.
#
# Needs curl, JDK 17 and Maven (the first run builds the fat jars).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export RUN_DIR=${RUN_DIR:-$ROOT/.run/tour}
export CLUSTER_NAME=${CLUSTER_NAME:-vxplatform-tour}
export CLUSTER_PORT=${CLUSTER_PORT:-5801}
export GATEWAY_PORT=${GATEWAY_PORT:-8080}
PAUSE=${PAUSE:-2}
GW="http://127.0.0.1:$GATEWAY_PORT"
SKU="TOUR-$(date +%H%M%S)"
CLUSTER="$ROOT/infra/local-cluster.sh"
unset JWT_PUBLIC_KEY_FILE JWT_JWKS_URL  # up makes the tour's own key pair in RUN_DIR/keys; token signs with it

command -v curl >/dev/null || { echo "tour: needs curl" >&2; exit 1; }

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; sleep "$PAUSE"; }
say() { printf '   %s\n' "$*"; }
# Prints the request and the answer (status line and body) so people see exactly what went over the wire; the
# token by the name of its variable (who: OPERATOR or CUSTOMER), never its value.
call() {
  local who=$1 method=$2 path=$3 body=${4:-} key=${5:-}
  local args=(-s -X "$method" -w '\n   → HTTP %{http_code} in %{time_total}s\n' -H "Authorization: Bearer ${!who}" "$GW$path")
  [ -n "$body" ] && args+=(-H 'Content-Type: application/json' -d "$body")
  [ -n "$key" ] && args+=(-H "Idempotency-Key: $key")
  printf '   $ curl -X %s %s -H "Authorization: Bearer $%s"%s%s\n' "$method" "$path" "$who" \
    "${key:+ -H 'Idempotency-Key: $key'}" "${body:+ -d '$body'}"
  printf '   '; curl "${args[@]}"
}
field() { grep -o "\"$2\":[0-9]*" <<<"$1" | head -1 | cut -d: -f2; }
stock() { curl -s -H "Authorization: Bearer $OPERATOR" "$GW/api/stock/$SKU"; }

cleanup() {
  if [ "${KEEP:-0}" = 1 ]; then
    say "KEEP=1: the cluster keeps running (RUN_DIR=$RUN_DIR CLUSTER_NAME=$CLUSTER_NAME $CLUSTER down to stop it)"
  else
    step "Stopping everything"
    "$CLUSTER" down | sed 's/^/   /'
  fi
}

step "1. Start the platform: 3 inventory-service JVMs, 2 order-service JVMs and the gateway, one Hazelcast cluster"
say "Each JVM is a separate process on 127.0.0.1. Stock lives in a Hazelcast map with a synchronous backup on"
say "another member, so no single JVM holds the only copy of anything."
"$CLUSTER" up | sed 's/^/   /'
trap cleanup EXIT
"$CLUSTER" status | sed 's/^/   /'
say "PORT is a node's public port (/api/..., /health/...); MGMT its management port, for operators: /metrics,"
say "/health/... and, on the gateway, /admin/instances (what it routes to):"
say "\$ curl -s http://127.0.0.1:$(cat "$RUN_DIR/gateway.mgmt")/admin/instances"
# Valid for an hour: longer than the tour, pauses and all.
OPERATOR=$("$CLUSTER" token --sub tour-operator --scope "orders:write orders:read inventory:admin admin" --ttl 3600)
CUSTOMER=$("$CLUSTER" token --sub tour --scope "orders:write orders:read" --ttl 3600)
say "Tokens, as the README gets them (the customer's may only order for 'tour'; the operator's manages stock):"
say '$ OPERATOR=$(infra/local-cluster.sh token --sub tour-operator --scope "orders:write orders:read inventory:admin admin")'
say '$ CUSTOMER=$(infra/local-cluster.sh token --sub tour --scope "orders:write orders:read")'

step "2. Create a product with 10 units (through the gateway: /api/... is routed by service discovery)"
call OPERATOR PUT "/api/products/$SKU" '{"name":"Tour mug","priceCents":1290}'
call OPERATOR POST "/api/stock/$SKU/restock" '{"qty":10}'

step "3. Place an order for 2 units, with an Idempotency-Key so a retry can never order twice"
call CUSTOMER POST /api/orders "{\"customerId\":\"tour\",\"items\":[{\"sku\":\"$SKU\",\"qty\":2}]}" "tour-$SKU-1"
before=$(stock)
say "Stock now: $before"
say "2 units are reserved for the confirmed order; 8 are still available."

step "4. Crash an inventory node: kill -9 inventory-2 (no goodbye, no clean shutdown)"
"$CLUSTER" kill inventory-2 | sed 's/^/   /'
say "Its sockets closed, so the other members notice within a second; where it held the primary copy of some"
say "stock, the backup on another member takes over. The gateway drops it from its instance list."
sleep 1
"$CLUSTER" status | sed 's/^/   /'

step "5. Place the next order while inventory-2 is dead"
call CUSTOMER POST /api/orders "{\"customerId\":\"tour\",\"items\":[{\"sku\":\"$SKU\",\"qty\":3}]}" "tour-$SKU-2"
after=$(stock)
say "Stock now: $after"
if [ "$(field "$after" reserved)" = $(( $(field "$before" reserved) + 3 )) ] \
    && [ "$(field "$after" available)" = $(( $(field "$before" available) - 3 )) ]; then
  say "Intact: the 2 units of the first order are still reserved, 3 more for the second, nothing lost or doubled."
else
  say "UNEXPECTED: the numbers do not add up (before: $before)."
fi
audit=$(curl -s -H "Authorization: Bearer $OPERATOR" "$GW/api/inventory/audit")
say "$ curl $GW/api/inventory/audit -H \"Authorization: Bearer \$OPERATOR\""
say "audit ok: $(grep -o '^{"ok":[a-z]*' <<<"$audit" | cut -d: -f2); $SKU: $(grep -o "{\"sku\":\"$SKU\"[^}]*}" <<<"$audit")"
say "The audit checks, for every sku, initial + restocked = available + reserved + sold."

step "6. Bring inventory-2 back"
"$CLUSTER" restart inventory-2 | sed 's/^/   /'
say "It joined the cluster again, took back a share of the data, and the gateway routes to it once it is ready."
call OPERATOR GET "/api/stock/$SKU"
"$CLUSTER" status | sed 's/^/   /'

step "That was it: a crashed node cost no order and no unit of stock."
say "The thorough version of this tour, with a recorded workload, kill -9, SIGSTOP and rolling restarts, and every"
say "invariant checked: load-tests/failover-check.sh --full (see load-tests/README.md)."

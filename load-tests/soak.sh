#!/usr/bin/env bash
# Soak benchmark: keyed orders through the gateway for MINUTES minutes at the highest rate this machine sustains,
# after WARMUP_MINUTES of the same load, one line per minute (placed, refused, p50/p99, errors, each data member's
# heap after a full GC and RSS), then
#
#   soak: N orders in M min, errors E, heap growth G % (first → last minute), p99 A ms → B ms
#
# N, M, G and the p99s are the measured minutes' (first = the first after the warm-up); E counts every error of the
# run, warm-up included. Why a warm-up: the bounded maps fill from empty in the first minutes (their caps, and
# reserved holds staying 2 minutes in memory); memory that stops growing once they are full is what bounded means.
#
#   load-tests/soak.sh                      # 3 minutes of warm-up, then 10 measured, 16 workers in a closed loop
#   MINUTES=2 CONCURRENCY=8 load-tests/soak.sh
#   RATE=40 load-tests/soak.sh              # open model: 40 orders/s whatever the answers
#
# Starts a cluster of its own through infra/local-cluster.sh, as order-service/bench/bench-orders.sh does (own run
# directory under /tmp, cluster name, Hazelcast port range and gateway port, its own PostgreSQL), restocks the skus
# it orders, compiles and runs load-tests/soak/ (Soak, JDK only) against 127.0.0.1, and always stops every JVM and the
# database it started. A benchmark that reports, not a test: exit 0 once the final line is printed, 2 when the
# cluster could not be set up (or the load generator failed before it could report).
#
# Every service verifies bearer tokens: once the cluster is up, one operator token (orders:write orders:read
# inventory:admin admin: it restocks, and orders for 1,000 customers) comes from infra/local-cluster.sh token with
# the run's RUN_DIR, as the README gets one, valid for the run and an hour more. Soak gets it in its environment
# (TOKEN); it is never printed.
#
# Knobs: MINUTES (10, 1..120), WARMUP_MINUTES (3, 0..30), CONCURRENCY (16, 1..128; closed loop), RATE (unset/0:
# closed loop; else orders/s, 1..5000), SKUS (SKU-0001..SKU-0009), RESTOCK_QTY (1000000 per sku, 1..1000000),
# ORDER_INSTANCES (2), INVENTORY_INSTANCES (2), TIMEOUT_SECONDS (20, per order), SKIP_BUILD (1: use the fat jars as they are, exit 2
# if one is missing; 0: local-cluster.sh rebuilds stale ones first), KEEP_LOGS (0; 1 keeps the run directory's
# logs even after a clean run), INTERVAL_SECONDS (60; shorter only to try the script out).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# One access-log line per request on every node would be most of what the nodes write here: off unless asked for
# (ACCESS_LOG=INFO), as in the gateway benchmarks.
export ACCESS_LOG=${ACCESS_LOG:-OFF}
CLUSTER="$ROOT/infra/local-cluster.sh"
MINUTES=${MINUTES:-10}
WARMUP_MINUTES=${WARMUP_MINUTES:-3}
CONCURRENCY=${CONCURRENCY:-16}
RATE=${RATE:-0}
SKUS=${SKUS:-SKU-0001,SKU-0002,SKU-0003,SKU-0004,SKU-0005,SKU-0006,SKU-0007,SKU-0008,SKU-0009}
RESTOCK_QTY=${RESTOCK_QTY:-1000000}
TIMEOUT_SECONDS=${TIMEOUT_SECONDS:-20}
INTERVAL_SECONDS=${INTERVAL_SECONDS:-60}
SKIP_BUILD=${SKIP_BUILD:-1}
KEEP_LOGS=${KEEP_LOGS:-0}
export ORDER_INSTANCES=${ORDER_INSTANCES:-2}
export INVENTORY_INSTANCES=${INVENTORY_INSTANCES:-2}

fail() { printf 'soak: setup failed: %s\n' "$*" >&2; exit 2; }
is_int() { [[ $1 =~ ^[0-9]+$ ]]; }
in_range() { is_int "$1" && [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]; }

in_range "$MINUTES" 1 120 || fail "MINUTES must be 1..120 (got '$MINUTES')"
in_range "$WARMUP_MINUTES" 0 30 || fail "WARMUP_MINUTES must be 0..30 (got '$WARMUP_MINUTES')"
in_range "$CONCURRENCY" 1 128 || fail "CONCURRENCY must be 1..128 (got '$CONCURRENCY')"
in_range "$RATE" 0 5000 || fail "RATE must be 0 (closed loop) or 1..5000 orders/s (got '$RATE')"
in_range "$RESTOCK_QTY" 1 1000000 || fail "RESTOCK_QTY must be 1..1000000 (got '$RESTOCK_QTY')"
in_range "$TIMEOUT_SECONDS" 1 120 || fail "TIMEOUT_SECONDS must be 1..120 (got '$TIMEOUT_SECONDS')"
in_range "$INTERVAL_SECONDS" 10 60 || fail "INTERVAL_SECONDS must be 10..60 (got '$INTERVAL_SECONDS')"
in_range "$ORDER_INSTANCES" 1 5 || fail "ORDER_INSTANCES must be 1..5"
in_range "$INVENTORY_INSTANCES" 1 5 || fail "INVENTORY_INSTANCES must be 1..5"
[[ $SKUS =~ ^[A-Za-z0-9-]+(,[A-Za-z0-9-]+)*$ ]] || fail "SKUS must be a comma-separated list of skus"
for tool in java javac curl; do command -v "$tool" >/dev/null || fail "$tool not found"; done
JAVA_HOME_BIN=$(dirname "$(readlink -f "$(command -v java)")")
[ -x "$JAVA_HOME_BIN/jcmd" ] || fail "jcmd not found next to $(readlink -f "$(command -v java)") (a full JDK is needed)"
if [ "$SKIP_BUILD" = 1 ]; then
  for module in gateway order-service inventory-service dev-database; do
    [ -f "$ROOT/$module/target/$module-1.0.0-SNAPSHOT-fat.jar" ] || fail "missing $module fat jar:" \
      "mvn -B -o -DskipTests package -pl gateway,order-service,inventory-service,dev-database -am (or SKIP_BUILD=0)"
  done
fi

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# The gateway's port: below Linux's ephemeral range and outside the 20000-31999 local-cluster.sh draws the other
# ports from, public and management (the gateway starts last, so a node could otherwise take its port first).
gateway_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((12000 + RANDOM % 8000))
    if port_free "$port"; then echo "$port"; return; fi
  done
  fail "no free port for the gateway"
}
# A Hazelcast range of 10 ports, all free now.
cluster_port() {
  local port p ok
  for _ in $(seq 1 100); do
    port=$((6000 + (RANDOM % 300) * 10))
    ok=1
    for ((p = port; p < port + 10; p++)); do port_free "$p" || { ok=0; break; }; done
    if [ "$ok" = 1 ]; then echo "$port"; return; fi
  done
  fail "no free range of 10 ports for Hazelcast"
}

export CLUSTER_NAME="soak-$$-$RANDOM"
export CLUSTER_PORT
CLUSTER_PORT=$(cluster_port)
export CLUSTER_PORT_COUNT=10
export GATEWAY_PORT
GATEWAY_PORT=$(gateway_port)
export RUN_DIR
RUN_DIR=$(mktemp -d /tmp/soak.XXXXXX)
export SKIP_BUILD
export CDS=0 # a fresh run directory has no class-data archive; writing one at exit only slows the stop down
# One subject sends the whole load: the gateway's per-caller limits would measure themselves, not the platform.
export GATEWAY_RATE_READS_PER_SECOND=0 GATEWAY_RATE_WRITES_PER_SECOND=0
# Derived from the above / our own database / our own key pair (up makes it, token signs with it).
unset CLUSTER_MEMBERS DATABASE_URL DATABASE_USER DATABASE_PASSWORD JWT_PUBLIC_KEY_FILE JWT_JWKS_URL
OWNED="$RUN_DIR/owned.pids" # "pid starttime name" of every process this run started
FINAL="$RUN_DIR/final-line.txt"
CHILD=
: >"$OWNED"

# "STATE STARTTIME" of a process, from /proc (fields 3 and 22; the name in parentheses may hold spaces). The start
# time is in clock ticks after boot: a pid with another start time is someone else's process now.
state_and_start() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{print $1, $20}'; }
start_time() { state_and_start "$1" | cut -d' ' -f2; }
own() {
  local pid=$1 name=$2 started
  started=$(start_time "$pid")
  [ -n "$started" ] && ! grep -q "^$pid " "$OWNED" && echo "$pid $started $name" >>"$OWNED"
  return 0
}
# Every JVM of the run (pid files), the PostgreSQL server (postmaster.pid) and its processes.
own_all() {
  local file pid pm
  for file in "$RUN_DIR"/*.pid; do
    [ -f "$file" ] || continue
    pid=$(cat "$file" 2>/dev/null || true)
    is_int "${pid:-x}" && own "$pid" "$(basename "$file" .pid)"
  done
  pm=$(head -1 "$RUN_DIR/postgres/data/postmaster.pid" 2>/dev/null || true)
  if is_int "${pm:-x}" && [[ $(ps -o comm= -p "$pm" 2>/dev/null) == *postgres* ]]; then
    own "$pm" postmaster
    for pid in $(pgrep -P "$pm" || true); do own "$pid" postgres-child; done
  fi
}
# Alive (a zombie waiting for init counts as gone) and still the process this run started.
still_ours() {
  local now
  now=$(state_and_start "$1")
  [ -n "$now" ] && [ "${now%% *}" != Z ] && [ "${now#* }" = "$2" ]
}

CLEANED=0
cleanup() {
  [ "$CLEANED" = 1 ] && return 0
  CLEANED=1
  set +e # whatever fails here, the rest of the cleanup still runs
  own_all
  "$CLUSTER" down >>"$RUN_DIR/down.log" 2>&1 || true
  local pid started name left=()
  while read -r pid started name; do
    still_ours "$pid" "$started" && left+=("$pid") && echo "left running after down: $name ($pid)" >>"$RUN_DIR/down.log"
  done <"$OWNED"
  if [ ${#left[@]} -gt 0 ]; then
    kill -TERM "${left[@]}" 2>/dev/null || true
    for _ in $(seq 1 50); do
      local alive=0
      while read -r pid started name; do still_ours "$pid" "$started" && alive=1; done <"$OWNED"
      [ "$alive" = 0 ] && break
      sleep 0.2
    done
    while read -r pid started name; do still_ours "$pid" "$started" && kill -KILL "$pid" 2>/dev/null; done <"$OWNED"
    sleep 0.5
  fi
  LEFTOVERS=${#left[@]}
  STOPPED=$(wc -l <"$OWNED")
  JVMS=$(grep -cv -e ' postmaster$' -e ' postgres-child$' "$OWNED")
  # The database's files and class archives go; the logs stay when something went wrong (or KEEP_LOGS=1).
  rm -rf "$RUN_DIR/postgres/data" "$RUN_DIR/cds"
  if [ "${RUN_OK:-0}" = 1 ] && [ "$KEEP_LOGS" != 1 ]; then rm -rf "$RUN_DIR"; else KEPT_LOGS=1; fi
}
on_exit() {
  local rc=$?
  trap - EXIT
  set +e
  if [ -n "${CHILD:-}" ]; then # local-cluster.sh up or the load generator, interrupted
    kill -TERM "$CHILD" 2>/dev/null
    wait "$CHILD" 2>/dev/null
  fi
  cleanup
  if [ "${KEPT_LOGS:-0}" = 1 ] && [ "${PRINTED:-0}" != 1 ]; then echo "soak: logs kept in $RUN_DIR" >&2; fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "soak: cluster '$CLUSTER_NAME' (Hazelcast $CLUSTER_PORT-$((CLUSTER_PORT + 9)), gateway 127.0.0.1:$GATEWAY_PORT," \
  "$INVENTORY_INSTANCES inventory + $ORDER_INSTANCES order JVMs, run dir $RUN_DIR); load average $(cut -d' ' -f1-3 /proc/loadavg)"
# In the background and waited for, here and for the load: a TERM or INT then reaches the trap at once, not when
# the command is done (the trap stops them).
up_rc=0
"$CLUSTER" up >"$RUN_DIR/up.log" 2>&1 &
CHILD=$!
wait "$CHILD" || up_rc=$?
CHILD=
if [ "$up_rc" != 0 ]; then
  tail -25 "$RUN_DIR/up.log" >&2
  fail "infra/local-cluster.sh up failed (log: $RUN_DIR/up.log)"
fi
own_all
grep -E '^All [0-9]+ nodes ready' "$RUN_DIR/up.log" || true
# Only stderr goes to a file: the token itself is a secret.
TOKEN=$("$CLUSTER" token --sub soak --scope "orders:write orders:read inventory:admin admin" \
  --ttl $(((WARMUP_MINUTES + MINUTES) * INTERVAL_SECONDS + 3600)) 2>"$RUN_DIR/token.err") \
  || fail "infra/local-cluster.sh token failed: $(cat "$RUN_DIR/token.err")"

# The gateway is ready before it necessarily sees every instance: wait until it routes to all of them. Its view,
# /admin/instances, is on its management port (RUN_DIR/gateway.mgmt), not on the public one.
gateway="127.0.0.1:$GATEWAY_PORT"
[ -s "$RUN_DIR/gateway.mgmt" ] || fail "no management port of the gateway in $RUN_DIR/gateway.mgmt"
admin="127.0.0.1:$(cat "$RUN_DIR/gateway.mgmt")"
seen() { curl -fsS --max-time 2 "http://$admin/admin/instances" 2>/dev/null | grep -o "\"service\":\"$1\"" | wc -l; }
for _ in $(seq 1 150); do
  [ "$(seen order-service)" -ge "$ORDER_INSTANCES" ] && [ "$(seen inventory-service)" -ge "$INVENTORY_INSTANCES" ] && break
  sleep 0.2
done
[ "$(seen order-service)" -ge "$ORDER_INSTANCES" ] && [ "$(seen inventory-service)" -ge "$INVENTORY_INSTANCES" ] \
  || fail "the gateway does not see every instance after 30 s: $(curl -sS --max-time 2 "http://$admin/admin/instances" || true)"

# Enough stock that no order is refused for it. A restock is not idempotent, so a failed attempt may have counted
# too: more stock, which does no harm here.
for sku in ${SKUS//,/ }; do
  ok=0
  for attempt in 1 2 3 4 5; do
    status=$(curl -sS -o "$RUN_DIR/restock.out" -w '%{http_code}' --max-time 10 -X POST \
      -H 'Content-Type: application/json' -H "Authorization: Bearer $TOKEN" -d "{\"qty\":$RESTOCK_QTY}" \
      "http://$gateway/api/stock/$sku/restock" 2>>"$RUN_DIR/restock.err" || true)
    [ "$status" = 200 ] && { ok=1; break; }
    sleep 1
  done
  [ "$ok" = 1 ] || fail "restock of $sku through the gateway answered ${status:-nothing}: $(cat "$RUN_DIR/restock.out" 2>/dev/null)"
done
echo "soak: restocked $SKUS with $RESTOCK_QTY units each"

members=""
for ((i = 1; i <= INVENTORY_INSTANCES; i++)); do members+="${members:+,}inventory-$i=$(cat "$RUN_DIR/inventory-$i.pid")"; done
for ((i = 1; i <= ORDER_INSTANCES; i++)); do members+="${members:+,}order-$i=$(cat "$RUN_DIR/order-$i.pid")"; done

rc=0
javac -d "$RUN_DIR/soak-classes" "$ROOT"/load-tests/soak/*.java || fail "the load generator did not compile"
TOKEN=$TOKEN java -Xmx256m -XX:+UseSerialGC -cp "$RUN_DIR/soak-classes" Soak --gateway "$gateway" --minutes "$MINUTES" \
  --warmup-minutes "$WARMUP_MINUTES" --concurrency "$CONCURRENCY" --rate "$RATE" --skus "$SKUS" --members "$members" \
  --timeout-seconds "$TIMEOUT_SECONDS" --interval-seconds "$INTERVAL_SECONDS" --final-line "$FINAL" &
CHILD=$!
wait "$CHILD" || rc=$?
CHILD=
[ "$rc" = 0 ] && [ -s "$FINAL" ] || fail "the load generator failed (exit $rc) before it could report"

audit=$(curl -fsS --max-time 30 -H "Authorization: Bearer $TOKEN" "http://$gateway/api/inventory/audit" 2>/dev/null | grep -o '"ok":[a-z]*' | head -1 || true)
echo "soak: inventory audit after the run: ${audit:-"no answer"}; load average $(cut -d' ' -f1-3 /proc/loadavg)"
final_line=$(cat "$FINAL")
if [[ $final_line == *", errors 0,"* ]]; then RUN_OK=1; fi
cleanup
echo "soak: stopped what this run started: $JVMS JVMs, the PostgreSQL server and its $((STOPPED - JVMS - 1)) processes;" \
  "$LEFTOVERS still running after 'local-cluster.sh down' (killed by pid)"
if [ "${KEPT_LOGS:-0}" = 1 ]; then echo "soak: node logs kept in $RUN_DIR"; fi
PRINTED=1
echo "$final_line"
exit 0

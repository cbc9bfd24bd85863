#!/usr/bin/env bash
# POST /api/orders end to end through the gateway, keyed, on the default local topology (infra/local-cluster.sh:
# PostgreSQL, 1 gateway, 2 order-service, 3 inventory-service JVMs), loopback only, stock restocked first.
#
#  1. The highest open-model arrival rate (every order with an Idempotency-Key, only a 201 counts) with
#     p99 <= ORDER_P99_MS and no error: doubling from ORDER_START_RATE, then bisecting to within ~12 %.
#  2. FIXED_RATE (500/s): p50 and p99, RUNS times (medians), and the CPU time every JVM of the cluster and every
#     PostgreSQL process spent per placed order (user + system from /proc, the load generator left out).
#  3. GET /api/orders/{id} of orders placed above: the same search from 200/s ("order reads: max N/s ...").
#
# The warm-up (ORDER_WARMUP s at ORDER_START_RATE, not measured) is long enough for the cluster's JIT to compile the
# order path: after 30 s it was still spending 6-10 ms of each order's CPU, the first step failed on that alone and the
# search only went down from there (13-18/s where the warm cluster takes ~160/s).
#
# The generator is OrderRateSearch (load-tests' test classes): one warm JVM for every step, latency counted from
# when each order fell due (wrk2-style), so queueing shows. Gatling's PlaceOrders starts a JVM per run, whose
# start-up on the same two cores landed in every step's first seconds.
#
#   load-tests/bench-orders.sh      # env: BUILD=1 RUNS=3 ORDER_P99_MS=50 ORDER_START_RATE=25 ORDER_STEP=15
#                                   #      ORDER_WARMUP=180 FIXED_RATE=500 FIXED_SECONDS=15 MAX_RATE=4000
#   PROFILE=1 load-tests/bench-orders.sh   # also a JFR recording of every node (jfr/ in the run directory)
#   HOT_SKU=1 load-tests/bench-orders.sh    # every order on one sku (the catalog's first): all holds in one record
#
# Every service verifies bearer tokens: once the cluster is up, one operator token (scopes orders:write orders:read
# inventory:admin admin: it restocks and orders for 1,000 customers) comes from infra/local-cluster.sh token with the
# cluster's RUN_DIR, as the README gets one; the generator gets it in its environment (TOKEN), and it is never printed.
#
# Last line: "orders: max N/s at p99 <= 50 ms; at 500/s p50 A ms p99 B ms; CPU per order C ms". Every process it
# starts is stopped at the end, whatever happens; logs and bench.txt stay in the printed directory.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# One access-log line per request on every node would be most of what the nodes write here: off unless asked for
# (ACCESS_LOG=INFO), as in the gateway benchmarks.
export ACCESS_LOG=${ACCESS_LOG:-OFF}
# The order path's own capacity and latency (and the gateway's default): with its adaptive concurrency limit on, what the
# cluster would queue is refused at the gateway instead (at 500/s on 2026-12-08 it admitted ~195/s at p50 16 ms and
# shed the rest), and the fixed-rate runs would measure the limit, not the path. GATEWAY_CONCURRENCY_LIMIT=adaptive
# measures that instead.
export GATEWAY_CONCURRENCY_LIMIT=${GATEWAY_CONCURRENCY_LIMIT:-off}
RUNS=${RUNS:-3}
BUILD=${BUILD:-1}
PROFILE=${PROFILE:-0}
ORDER_P99_MS=${ORDER_P99_MS:-50}
ORDER_START_RATE=${ORDER_START_RATE:-25}
ORDER_STEP=${ORDER_STEP:-15}
ORDER_WARMUP=${ORDER_WARMUP:-180}
FIXED_RATE=${FIXED_RATE:-500}
FIXED_SECONDS=${FIXED_SECONDS:-15}
MAX_RATE=${MAX_RATE:-4000}
HOT_SKU=$([ "${HOT_SKU:-0}" = 1 ] && echo true || echo false)
[ "$MAX_RATE" -le 10000 ] && [ "$FIXED_SECONDS" -le 120 ] && [ "$RUNS" -le 10 ] \
  || { echo "bounded: MAX_RATE <= 10000, FIXED_SECONDS <= 120, RUNS <= 10" >&2; exit 2; }
GENERATOR_OPTS="-Xms256m -Xmx512m -XX:+UseParallelGC -Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener"
RUN_DIR=$(mktemp -d /tmp/bench-orders.XXXXXX)
CLUSTER_ENV=()
# Longer than any run (bounded above: well under 2 h); the key pair is this run's own, so the token dies with it.
TOKEN_TTL_SECONDS=21600

# free_port, loadavg: shared with the other bench scripts.
# shellcheck source=../infra/bench-lib.sh
source "$ROOT/infra/bench-lib.sh"
say() { printf '%s\n' "$*" | tee -a "$RUN_DIR/bench.txt"; }
die() { printf 'bench-orders: %s\n' "$*" >&2; exit 1; }

cleanup() {
  # A TERM sent to this script alone would leave the generator's pipeline running against a stopped cluster.
  pkill -TERM -P $$ 2>/dev/null || true
  if [ ${#CLUSTER_ENV[@]} -gt 0 ]; then
    env "${CLUSTER_ENV[@]}" bash "$ROOT/infra/local-cluster.sh" down >>"$RUN_DIR/cluster.out" 2>&1 || true
  fi
  echo "results and logs: $RUN_DIR"
}
trap cleanup EXIT

ensure_build() {
  cd "$ROOT"
  bench_build dev-database
  local module
  for module in gateway order-service inventory-service dev-database; do
    [ -f "$module/target/$module-1.0.0-SNAPSHOT-fat.jar" ] || die "$module's fat jar is missing (run with BUILD=1)"
  done
  LOAD_CP=$(bench_generator_classpath "$RUN_DIR/load-tests-test-classes")
}

start_cluster() {
  local cluster_port gateway_port
  cluster_port=$((10000 + RANDOM % 900 * 10))
  gateway_port=$(free_port)
  CLUSTER_ENV=(RUN_DIR="$RUN_DIR/cluster" CLUSTER_NAME="bench-orders-$$-$RANDOM" CLUSTER_PORT="$cluster_port"
    CLUSTER_PORT_COUNT=10 GATEWAY_PORT="$gateway_port" SKIP_BUILD=1 UP_TIMEOUT=180
    JWT_PUBLIC_KEY_FILE= JWT_JWKS_URL=  # none of the caller's: up makes the run's own key pair, token signs with it
    GATEWAY_RATE_READS_PER_SECOND=0 GATEWAY_RATE_WRITES_PER_SECOND=0)  # one subject sends it all: no per-caller limit
  if [ "$PROFILE" = 1 ]; then
    mkdir -p "$RUN_DIR/jfr"
    # No class-data sharing under JFR: JDK 17.0.15 crashed a node at start (SIGSEGV in
    # KlassFactory::check_shared_class_file_load_hook) with both on.
    CLUSTER_ENV+=(CDS=0 "EXTRA_JAVA_OPTS=-XX:StartFlightRecording=filename=$RUN_DIR/jfr/,settings=profile,dumponexit=true")
  fi
  GATEWAY_URL="http://127.0.0.1:$gateway_port"
  say "local cluster (PostgreSQL, gateway :$gateway_port, 2 order-service, 3 inventory-service); load average $(loadavg)"
  env "${CLUSTER_ENV[@]}" bash "$ROOT/infra/local-cluster.sh" up >>"$RUN_DIR/cluster.out" 2>&1 \
    || die "the cluster did not start, see $RUN_DIR/cluster.out and $RUN_DIR/cluster/"
  # Only stderr goes to the log: the token itself is a secret.
  TOKEN=$(env "${CLUSTER_ENV[@]}" bash "$ROOT/infra/local-cluster.sh" token --sub bench-orders \
    --scope "$OPERATOR_SCOPES" --ttl "$TOKEN_TTL_SECONDS" 2>>"$RUN_DIR/cluster.out") \
    || die "no token from infra/local-cluster.sh token, see $RUN_DIR/cluster.out"
  local sku answer
  for sku in $(curl -fs "$GATEWAY_URL/api/products" | grep -o '"sku":"[^"]*"' | cut -d'"' -f4); do
    answer=$(curl -sS -w ' %{http_code}' -X POST -H 'Content-Type: application/json' -d '{"qty":1000000}' \
      -H "Authorization: Bearer $TOKEN" "$GATEWAY_URL/api/stock/$sku/restock" 2>&1)
    [ "${answer##* }" = 200 ] || die "restock of $sku failed: $answer"
  done
}

# Every JVM's pid, and PostgreSQL's postmaster (its backends are its children): pg_ctl detaches the server from
# the database's JVM, so it is not among that JVM's descendants.
# name=pid of every cluster JVM and of PostgreSQL's postmaster: the generator splits CPU per order by name.
cluster_pids() {
  local file pid
  { for file in "$RUN_DIR"/cluster/*.pid; do echo "$(basename "$file" .pid)=$(cat "$file")"; done
    pid=$(head -1 "$RUN_DIR/cluster/postgres/data/postmaster.pid" 2>/dev/null) && echo "postgres=$pid"; } \
    | paste -sd,
}

started=$(date +%s)
ensure_build
say "bench-orders $(date -u +%Y-%m-%dT%H:%MZ) at $(git -C "$ROOT" rev-parse --short HEAD): $(nproc) cores," \
  "$(java -version 2>&1 | head -1); load average $(loadavg)"
start_cluster
say "restocked; generator: OrderRateSearch, open model, keyed orders through the gateway$($HOT_SKU \
  && echo ', every order on one sku')"
# shellcheck disable=SC2086
TOKEN=$TOKEN java $GENERATOR_OPTS -cp "$LOAD_CP" -DbaseUrl="$GATEWAY_URL" -Dp99Ms="$ORDER_P99_MS" -DstartRate="$ORDER_START_RATE" \
  -DmaxRate="$MAX_RATE" -DstepSeconds="$ORDER_STEP" -DwarmupSeconds="$ORDER_WARMUP" -DfixedRate="$FIXED_RATE" \
  -DfixedSeconds="$FIXED_SECONDS" -Druns="$RUNS" -DhotSku="$HOT_SKU" \
  -DclockTicks="$(getconf CLK_TCK)" \
  -DcpuPids="$(cluster_pids)" \
  dev.vxplatform.loadtests.bench.OrderRateSearch 2>"$RUN_DIR/generator.err" | tee "$RUN_DIR/generator.out" \
  | grep --line-buffered -v '^orders: ' | tee -a "$RUN_DIR/bench.txt" || die "the generator failed, see $RUN_DIR/generator.err"
say "audit after the runs: $(curl -fs -H "Authorization: Bearer $TOKEN" \
  "http://127.0.0.1:$(cat "$RUN_DIR/cluster/inventory-1.port")/inventory/audit" | grep -o '^{"ok":[a-z]*' | cut -c2- || echo unknown); load average $(loadavg)"
say "done in $(( $(date +%s) - started )) s"
grep '^orders: ' "$RUN_DIR/generator.out" | tee -a "$RUN_DIR/bench.txt" \
  || die "the generator printed no result, see $RUN_DIR/generator.err"

#!/usr/bin/env bash
# POST /api/orders end to end through the gateway, keyed, on the default local topology (infra/local-cluster.sh:
# PostgreSQL, 1 gateway, 2 order-service, 3 inventory-service JVMs), loopback only, stock restocked first.
#
#  1. The highest open-model arrival rate (Gatling's PlaceOrders, every order with an Idempotency-Key, only a 201
#     counts) with p99 <= ORDER_P99_MS and no error: doubling from ORDER_START_RATE, then bisecting to within ~12 %.
#  2. FIXED_RATE (500/s): p50 and p99, RUNS times (medians), and the CPU time every JVM of the cluster and every
#     PostgreSQL process spent per placed order (user + system from /proc, the load generator left out).
#
#   load-tests/bench-orders.sh      # env: BUILD=1 RUNS=3 ORDER_P99_MS=50 ORDER_START_RATE=25 ORDER_STEP=15
#                                   #      ORDER_WARMUP=30 FIXED_RATE=500 FIXED_SECONDS=15 MAX_RATE=4000
#   PROFILE=1 load-tests/bench-orders.sh   # also a JFR recording of every node (jfr/ in the run directory)
#
# Last line: "orders: max N/s at p99 <= 50 ms; at 500/s p50 A ms p99 B ms; CPU per order C ms". Every process it
# starts is stopped at the end, whatever happens; logs, Gatling reports and bench.txt stay in the printed directory.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-3}
BUILD=${BUILD:-1}
PROFILE=${PROFILE:-0}
ORDER_P99_MS=${ORDER_P99_MS:-50}
ORDER_START_RATE=${ORDER_START_RATE:-25}
ORDER_STEP=${ORDER_STEP:-15}
ORDER_WARMUP=${ORDER_WARMUP:-30}
FIXED_RATE=${FIXED_RATE:-500}
FIXED_SECONDS=${FIXED_SECONDS:-15}
MAX_RATE=${MAX_RATE:-4000}
[ "$MAX_RATE" -le 10000 ] && [ "$FIXED_SECONDS" -le 120 ] && [ "$RUNS" -le 10 ] \
  || { echo "bounded: MAX_RATE <= 10000, FIXED_SECONDS <= 120, RUNS <= 10" >&2; exit 2; }
GATLING_OPTS="-Xms256m -Xmx768m -XX:+UseParallelGC -XX:MaxInlineLevel=20 -XX:MaxTrivialSize=12 --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED -Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener"
RUN_DIR=$(mktemp -d /tmp/bench-orders.XXXXXX)
CLASSPATH_FILE=target/bench.classpath
DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1
CLUSTER_ENV=()

# free_port, loadavg, median: shared with the other bench scripts.
# shellcheck source=../infra/bench-lib.sh
source "$ROOT/infra/bench-lib.sh"
say() { printf '%s\n' "$*" | tee -a "$RUN_DIR/bench.txt"; }
die() { printf 'bench-orders: %s\n' "$*" >&2; exit 1; }

cleanup() {
  if [ ${#CLUSTER_ENV[@]} -gt 0 ]; then
    env "${CLUSTER_ENV[@]}" bash "$ROOT/infra/local-cluster.sh" down >>"$RUN_DIR/cluster.out" 2>&1 || true
  fi
  echo "results and logs: $RUN_DIR"
}
trap cleanup EXIT

ensure_build() {
  cd "$ROOT"
  if [ "$BUILD" = 1 ]; then
    say "building: mvn -B -q -DskipTests package (load-tests and what it needs)"
    mvn -B -q -DskipTests package "$DEPENDENCY_PLUGIN:build-classpath" -DincludeScope=test \
      -Dmdep.outputFile="$CLASSPATH_FILE" -pl load-tests,dev-database -am >"$RUN_DIR/build.out" 2>&1 \
      || die "build failed, see $RUN_DIR/build.out"
  fi
  local module
  for module in gateway order-service inventory-service dev-database; do
    [ -f "$module/target/$module-1.0.0-SNAPSHOT-fat.jar" ] || die "$module's fat jar is missing (run with BUILD=1)"
  done
  [ -f "load-tests/$CLASSPATH_FILE" ] || die "load-tests/$CLASSPATH_FILE is missing (run with BUILD=1)"
  # A copy of the load generator, so a build elsewhere in the tree cannot swap classes under a running benchmark.
  cp -r load-tests/target/test-classes "$RUN_DIR/load-tests-test-classes"
  LOAD_CP="$RUN_DIR/load-tests-test-classes:$(cat "load-tests/$CLASSPATH_FILE")"
}

# CPU clock ticks (user + system) of the cluster: every process started by the launcher and all their descendants
# (PostgreSQL's postmaster and backends are children of the dev-database JVM).
cluster_ticks() {
  local roots
  roots=$(cat "$RUN_DIR"/cluster/*.pid 2>/dev/null | tr '\n' ' ')
  ps -e -o pid=,ppid= | awk -v roots="$roots" '
    BEGIN {n = split(roots, r, " "); for (i = 1; i <= n; i++) keep[r[i]] = 1}
    {parent[$1] = $2; pids[NR] = $1}
    END {
      for (i = 1; i <= NR; i++) {p = pids[i]; q = p; while (q > 1 && !(q in keep)) q = parent[q]; if (q in keep) print p}
    }' | while read -r pid; do
    awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || true
  done | awk '{s += $1} END {print s + 0}'
}

# Seconds for a search step at this rate: ORDER_STEP, or long enough for ~200 orders (a p99 of fewer is one
# outlier), at most 60.
step_seconds() { awk -v r="$1" -v s="$ORDER_STEP" 'BEGIN {t = int((200 + r - 1) / r); t = t < s ? s : t; print (t > 60 ? 60 : t)}'; }

gatling_orders() { # rate seconds → "ok ko p50_ms p99_ms"
  local out
  # shellcheck disable=SC2086
  out=$(java $GATLING_OPTS -cp "$LOAD_CP" -DbaseUrl="$GATEWAY_URL" -Drate="$1" -DrampUp=0 -Dduration="$2" \
    -DreadBack=false -DallowRejected=false -Dp99Ms=600000 -DmaxFailedPercent=100 \
    io.gatling.app.Gatling -s dev.vxplatform.loadtests.gatling.PlaceOrders -rf "$RUN_DIR/gatling" -rd "rate $1" 2>&1) || true
  echo "$out" >>"$RUN_DIR/gatling-orders.txt"
  echo "$out" | awk -F'|' '
    /> request count/ {ok = $3; ko = $4}
    /> response time 50th percentile/ {p50 = $2}
    /> response time 99th percentile/ {p99 = $2}
    END {gsub(/[ ,]/, "", ok); gsub(/[ ,]/, "", ko); gsub(/[ ,]/, "", p50); gsub(/[ ,]/, "", p99);
      if (ko == "-") ko = 0; if (ok == "") {ok = 0; ko = 1; p50 = 0; p99 = 999999}
      print ok, ko, p50, p99}'
}

start_cluster() {
  local cluster_port gateway_port
  cluster_port=$((10000 + RANDOM % 900 * 10))
  gateway_port=$(free_port)
  CLUSTER_ENV=(RUN_DIR="$RUN_DIR/cluster" CLUSTER_NAME="bench-orders-$$-$RANDOM" CLUSTER_PORT="$cluster_port"
    CLUSTER_PORT_COUNT=10 GATEWAY_PORT="$gateway_port" SKIP_BUILD=1 UP_TIMEOUT=180)
  if [ "$PROFILE" = 1 ]; then
    mkdir -p "$RUN_DIR/jfr"
    CLUSTER_ENV+=("EXTRA_JAVA_OPTS=-XX:StartFlightRecording=filename=$RUN_DIR/jfr/,settings=profile,dumponexit=true")
  fi
  GATEWAY_URL="http://127.0.0.1:$gateway_port"
  say "local cluster (PostgreSQL, gateway :$gateway_port, 2 order-service, 3 inventory-service); load average $(loadavg)"
  env "${CLUSTER_ENV[@]}" bash "$ROOT/infra/local-cluster.sh" up >>"$RUN_DIR/cluster.out" 2>&1 \
    || die "the cluster did not start, see $RUN_DIR/cluster.out and $RUN_DIR/cluster/"
  local sku answer
  for sku in $(curl -fs "$GATEWAY_URL/api/products" | grep -o '"sku":"[^"]*"' | cut -d'"' -f4); do
    answer=$(curl -sS -w ' %{http_code}' -X POST -H 'Content-Type: application/json' -d '{"qty":1000000}' \
      "$GATEWAY_URL/api/stock/$sku/restock" 2>&1)
    [ "${answer##* }" = 200 ] || die "restock of $sku failed: $answer"
  done
}

search() {
  local rate=$ORDER_START_RATE bad=0 ok ko p50 p99 step seconds verdict
  MAX=0
  for step in $(seq 1 14); do
    seconds=$(step_seconds "$rate")
    read -r ok ko p50 p99 < <(gatling_orders "$rate" "$seconds")
    if [ "$ko" = 0 ] && [ "$ok" -gt 0 ] && [ "$p99" -le "$ORDER_P99_MS" ]; then verdict=pass; MAX=$rate; else verdict=fail; bad=$rate; fi
    say "  $rate orders/s for ${seconds}s: ok $ok, errors $ko, p50 $p50 ms, p99 $p99 ms → $verdict; load average $(loadavg)"
    if [ "$bad" = 0 ]; then
      rate=$((rate * 2)); [ "$rate" -le "$MAX_RATE" ] || break
    elif [ "$MAX" = 0 ]; then
      rate=$((rate / 2)); [ "$rate" -ge 2 ] || break
    else
      [ $((bad - MAX)) -le $((MAX / 8 + 1)) ] && break  # within ~12 %: close enough for this machine
      rate=$(((MAX + bad) / 2))
    fi
  done
}

fixed_rate() {
  local p50s=() p99s=() errors=() cpu=() ok ko p50 p99 run before after
  for run in $(seq 1 "$RUNS"); do
    before=$(cluster_ticks)
    read -r ok ko p50 p99 < <(gatling_orders "$FIXED_RATE" "$FIXED_SECONDS")
    after=$(cluster_ticks)
    p50s+=("$p50"); p99s+=("$p99"); errors+=("$ko")
    cpu+=("$(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="$ok" 'BEGIN {printf "%.2f", n ? t * 1000 / hz / n : 0}')")
    say "  $FIXED_RATE orders/s for ${FIXED_SECONDS}s, run $run: ok $ok, errors $ko, p50 $p50 ms, p99 $p99 ms," \
      "CPU ${cpu[-1]} ms per order; load average $(loadavg)"
  done
  FIXED_P50=$(median "${p50s[@]}"); FIXED_P99=$(median "${p99s[@]}"); FIXED_ERRORS=$(median "${errors[@]}")
  CPU_PER_ORDER=$(median "${cpu[@]}")
}

started=$(date +%s)
ensure_build
say "bench-orders $(date -u +%Y-%m-%dT%H:%MZ) at $(git -C "$ROOT" rev-parse --short HEAD): $(nproc) cores," \
  "$(java -version 2>&1 | head -1); load average $(loadavg)"
start_cluster
say "restocked; warming up (${ORDER_WARMUP}s at $ORDER_START_RATE orders/s, not counted)"
gatling_orders "$ORDER_START_RATE" "$ORDER_WARMUP" >/dev/null
say "search: highest rate with p99 <= $ORDER_P99_MS ms and no error"
search
say "fixed rate: $FIXED_RATE orders/s, $RUNS runs"
fixed_rate
say "audit after the runs: $(curl -fs "http://127.0.0.1:$(cat "$RUN_DIR/cluster/inventory-1.port")/inventory/audit" \
  | grep -o '"ok":[a-z]*' || echo unknown)"
say "done in $(( $(date +%s) - started )) s; errors at $FIXED_RATE/s (median): $FIXED_ERRORS"
say "orders: max $MAX/s at p99 <= $ORDER_P99_MS ms; at $FIXED_RATE/s p50 $FIXED_P50 ms p99 $FIXED_P99 ms; CPU per order $CPU_PER_ORDER ms"

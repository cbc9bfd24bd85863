#!/usr/bin/env bash
# Start-up and shut-down of the default local topology (PostgreSQL, 3 inventory-service, 2 order-service, gateway),
# as a user runs it: infra/local-cluster.sh up, then down, RUNS times after WARMUP cycles that are not counted (the
# first makes the class-data-sharing archives, which a changed jar makes again). Each run prints its `up` time (the
# launcher's "All N nodes ready in X ms." line), its slowest node from JVM start to ready, and its `down` time; the
# last line gives the medians:
#   startup: up N ms, slowest node N ms, down N ms (medians of RUNS runs)
#
#   infra/bench-startup.sh        # env: RUNS=5 WARMUP=1 PAUSE_SECONDS=5 (idle between up and down)
#
# Its own RUN_DIR (a temporary directory), cluster name and ports: a cluster already running is left alone. Every
# process it starts is stopped at the end, whatever happens; the logs stay in the printed directory.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-1}
PAUSE_SECONDS=${PAUSE_SECONDS:-5}
[ "$RUNS" -ge 1 ] && [ "$RUNS" -le 20 ] && [ "$WARMUP" -le 5 ] && [ "$PAUSE_SECONDS" -le 120 ] \
  || { echo "bounded: 1 <= RUNS <= 20, WARMUP <= 5, PAUSE_SECONDS <= 120" >&2; exit 2; }
# free_port, loadavg, median: shared with the other bench scripts.
# shellcheck source=bench-lib.sh
source "$ROOT/infra/bench-lib.sh"
export RUN_DIR
RUN_DIR=$(mktemp -d /tmp/bench-startup.XXXXXX)
export CLUSTER_NAME="bench-startup-$$-$RANDOM" CLUSTER_PORT=$((10000 + RANDOM % 900 * 10)) CLUSTER_PORT_COUNT=10
export GATEWAY_PORT
GATEWAY_PORT=$(free_port)
LAUNCHER="$ROOT/infra/local-cluster.sh"

cleanup() {
  bash "$LAUNCHER" down >>"$RUN_DIR/launcher.out" 2>&1 || true
  echo "logs: $RUN_DIR"
}
trap cleanup EXIT

millis() { echo $(( $(date +%s%N) / 1000000 )); }

# One cycle: "up_ms slowest_node_ms down_ms".
cycle() {
  local out up slowest begin
  out=$(bash "$LAUNCHER" up 2>&1) || { printf '%s\n' "$out" >&2; echo "bench-startup: up failed" >&2; exit 1; }
  printf '%s\n' "$out" >>"$RUN_DIR/launcher.out"
  up=$(printf '%s\n' "$out" | sed -n 's/^All [0-9]* nodes ready in \([0-9]*\) ms\.$/\1/p')
  [ -n "$up" ] || { echo "bench-startup: no 'All N nodes ready' line from up" >&2; exit 1; }
  # The service nodes' own lines ("  order-1  ready on port P after N ms"); the database's is left out.
  slowest=$(printf '%s\n' "$out" | awk '/ ready on port / && $1 != "postgres" { print $(NF - 1) }' | sort -n | tail -1)
  sleep "$PAUSE_SECONDS"  # a pause between the two commands, as a user has one; not a synchronisation
  begin=$(millis)
  bash "$LAUNCHER" down >>"$RUN_DIR/launcher.out" 2>&1
  echo "$up $slowest $(( $(millis) - begin ))"
}

echo "bench-startup $(date -u +%Y-%m-%dT%H:%MZ) at $(git -C "$ROOT" rev-parse --short HEAD): $(nproc) cores;" \
  "load average $(loadavg)"
for i in $(seq 1 "$WARMUP"); do
  line=$(cycle)
  read -r up slowest down <<<"$line"
  echo "  warm-up $i: up $up ms, slowest node $slowest ms, down $down ms (not counted)"
done
results=()
for i in $(seq 1 "$RUNS"); do
  line=$(cycle)
  read -r up slowest down <<<"$line"
  echo "  run $i: up $up ms, slowest node $slowest ms, down $down ms"
  results+=("$up $slowest $down")
done
field() { printf '%s\n' "${results[@]}" | cut -d' ' -f"$1"; }
# shellcheck disable=SC2046  # one number per word
echo "startup: up $(median $(field 1)) ms, slowest node $(median $(field 2)) ms, down $(median $(field 3)) ms" \
  "(medians of $RUNS runs)"

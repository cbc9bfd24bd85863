#!/usr/bin/env bash
# How long a member cut off into a minority still takes stock writes before the split-brain protection refuses them,
# and how long after the heal it takes them again. A benchmark that reports, not a test.
#
#   load-tests/minority-window.sh            # 3 runs
#   RUNS=1 HOLD_SECONDS=5 load-tests/minority-window.sh
#
# Starts the default local topology of its own (infra/local-cluster.sh: PostgreSQL, 3 inventory + 2 order JVMs,
# CLUSTER_MIN_SIZE 3, the gateway; own run directory, cluster name and ports) and then, each run:
#  1. pauses inventory-2, inventory-3 and order-1 (SIGSTOP: to the others they fall silent, as behind a cut
#     cable), which leaves inventory-1 and order-2 a minority of 2 of 5 data members;
#  2. restocks one unit on inventory-1, directly, every POLL_MS (each waits for its answer, at most 10 s) and
#     notes when the first 503 "Cluster minority" came, and what the restocks before it got;
#  3. reads the sku's stock on inventory-1 (from the table, in a minority) and holds the split HOLD_SECONDS;
#  4. resumes the three, restocks until one is taken again, and reads the stock (so a run shows whether the writes
#     taken in the window survived the merge: each taken restock is one unit);
# then checks the inventory audit. Per run: "run N: cut → refused after A ms (B taken, C other answers before);
# healed → taken again after D ms". Last line:
#   minority window: refused after A ms (median of N runs, max M ms); taken again X ms after the heal (median)
# The paused JVMs are frozen, not cut off and running: this measures the minority's side of a split (when it stops
# taking writes), not what a live majority does meanwhile. Exit 0 once the last line is printed, 2 when set-up fails.
# Every process it starts is stopped at the end, the paused ones resumed first; its run directory goes too (the logs
# stay when a run failed).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CLUSTER="$ROOT/infra/local-cluster.sh"
RUNS=${RUNS:-3}
HOLD_SECONDS=${HOLD_SECONDS:-10}
POLL_MS=${POLL_MS:-100}
SKU=SKU-0001
PAUSED=(inventory-2 inventory-3 order-1)
# shellcheck source=../infra/bench-lib.sh
. "$ROOT/infra/bench-lib.sh"
fail() { printf 'minority-window: %s\n' "$*" >&2; exit 2; }
[[ $RUNS =~ ^[1-9]$ ]] || fail "RUNS must be 1..9"
[[ $HOLD_SECONDS =~ ^[0-9]+$ ]] && [ "$HOLD_SECONDS" -le 120 ] || fail "HOLD_SECONDS must be 0..120"
[[ $POLL_MS =~ ^[0-9]+$ ]] && [ "$POLL_MS" -ge 10 ] || fail "POLL_MS must be 10 or more"

own_cluster minority-window
export SKIP_BUILD=${SKIP_BUILD:-1}

now_ms() { echo $(($(date +%s%N) / 1000000)); }
restock() { # port → HTTP status and the problem's title, if any
  local body
  body=$(curl -sS --max-time 10 -o - -w '\n%{http_code}' -X POST -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $TOKEN" -d '{"qty":1}' "http://127.0.0.1:$1/stock/$SKU/restock" 2>/dev/null || echo 000)
  printf '%s %s\n' "$(tail -1 <<<"$body")" "$(grep -o '"title":"[^"]*"' <<<"$body" | head -1)"
}

"$CLUSTER" up >"$RUN_DIR/up.log" 2>&1 || { tail -20 "$RUN_DIR/up.log" >&2; fail "local-cluster.sh up failed"; }
TOKEN=$("$CLUSTER" token --scope "inventory:admin admin" 2>/dev/null) || fail "no token"
port=$(cat "$RUN_DIR/inventory-1.port")
for _ in $(seq 1 300); do [ "$(restock "$port" | cut -d' ' -f1)" = 200 ] && break; sleep 0.2; done
[ "$(restock "$port" | cut -d' ' -f1)" = 200 ] || fail "inventory-1 takes no restock 60 s after the start"
say "minority-window: cluster '$CLUSTER_NAME' up; pausing ${PAUSED[*]} leaves inventory-1 and order-2 (2 of 5)"

refused_after=() healed_after=()
for run in $(seq 1 "$RUNS"); do
  cut_at=$(now_ms)
  for name in "${PAUSED[@]}"; do "$CLUSTER" stop "$name" >/dev/null; done
  taken=0 other=0 refused=
  while [ -z "$refused" ] && [ $(($(now_ms) - cut_at)) -lt 60000 ]; do
    read -r status title <<<"$(restock "$port")"
    if [ "$status" = 503 ] && [ "$title" = '"title":"Cluster minority"' ]; then refused=$(($(now_ms) - cut_at))
    elif [ "$status" = 200 ]; then taken=$((taken + 1))
    else other=$((other + 1)); fi
    sleep "$(awk "BEGIN {print $POLL_MS / 1000}")"
  done
  [ -n "$refused" ] || fail "run $run: inventory-1 still took stock writes 60 s after the cut"
  stock=$(curl -sS --max-time 5 -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$port/stock/$SKU" || true)
  sleep "$HOLD_SECONDS"
  healed_at=$(now_ms)
  for name in "${PAUSED[@]}"; do "$CLUSTER" cont "$name" >/dev/null; done
  healed=
  while [ -z "$healed" ] && [ $(($(now_ms) - healed_at)) -lt 120000 ]; do
    read -r status _ <<<"$(restock "$port")"
    if [ "$status" = 200 ]; then healed=$(($(now_ms) - healed_at)); else sleep 0.1; fi
  done
  [ -n "$healed" ] || fail "run $run: inventory-1 took no stock write within 120 s of the heal"
  after=$(curl -sS --max-time 5 -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$port/stock/$SKU" || true)
  say "run $run: cut → refused after $refused ms ($taken taken, $other other answers before); stock read in the" \
    "minority: ${stock:-no answer}; healed → taken again after $healed ms; then: ${after:-no answer}"
  refused_after+=("$refused") healed_after+=("$healed")
done

audit=$(curl -sS --max-time 30 -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$port/inventory/audit" \
  | grep -o '"ok":[a-z]*' | head -1 || true)
say "minority-window: inventory audit after the runs: ${audit:-no answer}; load average $(loadavg)"
max=$(printf '%s\n' "${refused_after[@]}" | sort -n | tail -1)
say "minority window: refused after $(median "${refused_after[@]}") ms (median of $RUNS runs, max $max ms);" \
  "taken again $(median "${healed_after[@]}") ms after the heal (median)"
RUN_OK=1

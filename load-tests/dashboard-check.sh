#!/usr/bin/env bash
# The gateway's dashboard in a real browser: Debian's headless Chromium, driven by playwright-core from npm
# (load-tests/dashboard/check.mjs), against a local cluster of its own. A check that can fail, not a benchmark.
#
#   load-tests/dashboard-check.sh          # installs chromium (apt, as root) and playwright-core (npm) if missing
#
# Steps, each printed as it runs: the page shows every node and instance, live; `local-cluster.sh kill inventory-2`
# → its instance gone or ejected within 3 s and an event in the timeline; `restart inventory-2` → back and ready;
# an order placed from the form answers 201 and the stock view changes; no console error. Screenshots of each step
# in load-tests/target/dashboard/. Then, on the idle cluster, what one open page costs the gateway: CPU with no page
# and with one (MEASURE_SECONDS each, default 30), and the stream's bytes/s. "dashboard check: PASS|FAIL ..." is the
# browser's verdict. Exit 0 on PASS, 1 on FAIL, 2 when it cannot run. The cluster (own run directory, cluster name and ports; PostgreSQL included) is stopped at the end;
# its logs stay when the check failed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CLUSTER="$ROOT/infra/local-cluster.sh"
DRIVER="$ROOT/load-tests/dashboard"
SHOTS="$ROOT/load-tests/target/dashboard"
VICTIM=inventory-2
MEASURE_SECONDS=${MEASURE_SECONDS:-30}
# shellcheck source=../infra/bench-lib.sh
. "$ROOT/infra/bench-lib.sh"
fail() { printf 'dashboard-check: %s\n' "$*" >&2; exit 2; }

if [ ! -x /usr/bin/chromium ]; then
  [ "$(id -u)" = 0 ] || fail "needs Debian's chromium (/usr/bin/chromium): run as root to install it, or apt-get install chromium"
  say "dashboard-check: installing Debian's chromium (apt-get)"
  installed_at=$(date +%s)
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
  say "dashboard-check: chromium installed in $(( $(date +%s) - installed_at )) s: $(/usr/bin/chromium --version 2>/dev/null)"
fi
command -v npm >/dev/null || fail "needs Node.js and npm"
if [ ! -d "$DRIVER/node_modules/playwright-core" ] || [ "$DRIVER/package-lock.json" -nt "$DRIVER/node_modules" ]; then
  say "dashboard-check: installing playwright-core (npm ci, pinned in load-tests/dashboard/package-lock.json)"
  (cd "$DRIVER" && npm ci --no-audit --no-fund --silent)
fi

own_cluster dashboard-check

say "dashboard-check: starting a local cluster (infra/local-cluster.sh up)"
"$CLUSTER" up >"$RUN_DIR/up.log" 2>&1 || { tail -20 "$RUN_DIR/up.log" >&2; fail "local-cluster.sh up failed"; }
# The form places orders (orders:*) and its stock view reads /stock (inventory:admin).
TOKEN=$("$CLUSTER" token --scope "orders:write orders:read inventory:admin" 2>/dev/null) || fail "no token"
# Members: the service JVMs and the gateway. Instances: the same, since the gateway publishes itself too.
services=$(ls "$RUN_DIR"/order-*.port "$RUN_DIR"/inventory-*.port | wc -l)
rm -rf "$SHOTS"
status=0
UI_URL="http://127.0.0.1:$(cat "$RUN_DIR/gateway.mgmt")/ui/" PUBLIC_URL="http://127.0.0.1:$GATEWAY_PORT" \
  TOKEN="$TOKEN" CLUSTER="$CLUSTER" SHOTS="$SHOTS" \
  NODES=$((services + 1)) INSTANCES=$((services + 1)) VICTIM="$VICTIM" \
  VICTIM_ADDRESS="127.0.0.1:$(cat "$RUN_DIR/$VICTIM.port")" node "$DRIVER/check.mjs" || status=$?
[ "$status" = 0 ] || exit "$status"

# What one open page costs the gateway: its CPU over MEASURE_SECONDS with no page open, then with one event stream
# read (curl, as a page would), on the otherwise idle cluster; and the stream's bytes per second.
pid=$(cat "$RUN_DIR/gateway.pid")
ticks=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
before=$(cpu_ticks); sleep "$MEASURE_SECONDS"; idle=$(( $(cpu_ticks) - before ))
before=$(cpu_ticks)
curl -sN --max-time "$MEASURE_SECONDS" "http://127.0.0.1:$(cat "$RUN_DIR/gateway.mgmt")/ui/events" \
  >"$RUN_DIR/events.out" 2>/dev/null || true
open=$(( $(cpu_ticks) - before ))
bytes=$(wc -c <"$RUN_DIR/events.out")
say "dashboard-check: gateway CPU $((idle * 1000 / ticks / MEASURE_SECONDS)) ms/s with no page," \
  "$((open * 1000 / ticks / MEASURE_SECONDS)) ms/s with one open page; the page's stream $((bytes / MEASURE_SECONDS))" \
  "bytes/s (${MEASURE_SECONDS} s each, idle cluster)"
RUN_OK=1

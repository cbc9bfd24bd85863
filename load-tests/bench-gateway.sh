#!/usr/bin/env bash
# The gateway side by side, on this machine, loopback only, in one run (about 9 minutes): the same trivial GET (gateway/src/test/.../BenchBackend answers every request with "ok") measured four
#     ways with the same connections and duration: direct to one backend; through our gateway over two backends
#     (round-robin); through nginx and through HAProxy (Debian's packages), each a round-robin reverse proxy with
#     keep-alive upstreams over the same two, stripping /api as the gateway does. Maximum throughput: wrk, closed loop, with the CPU time the tier under test spent per
#     request. Latency: an open-model generator at a fixed rate (OpenLoopGet, wrk2-style: latency counted from
#     when each request was due), at half the direct maximum and at half the lowest maximum. Each configuration
#     RUNS times, interleaved; medians. POST /orders end to end is load-tests/bench-orders.sh.
#
#   load-tests/bench-gateway.sh            # env: RUNS=3 DURATION=10 WARMUP=3 WARMUP_WRK=30 CONNECTIONS=32 THREADS=2
#                                          #      BUILD=1 FIXED_RATE=(half the direct max) GENERATOR_LOOPS=(cores)
#   PROFILE=1 load-tests/bench-gateway.sh  # also records a JFR profile of the gateway
#
# Every service verifies bearer tokens, and the gateway will not start without a key: every JVM gets
# JWT_PUBLIC_KEY_FILE of a key pair made in the run directory (TokenTool keys). The measured GET stays what it was
# and what nginx does, a proxied read with no token check: the gateway runs with GATEWAY_PUBLIC_READS=/api/bench,
# the same public-read path the catalog (/api/products) takes by default, so no request carries a token.
#
# Installs wrk, nginx and haproxy from Debian's packages when missing. Every JVM, nginx and HAProxy it starts are
# stopped at the end, whatever happens; logs and results stay in the printed directory.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-3}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
WARMUP_WRK=${WARMUP_WRK:-30}
GENERATOR_LOOPS=${GENERATOR_LOOPS:-$(nproc)}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
BUILD=${BUILD:-1}
PROFILE=${PROFILE:-0}
JAVA_OPTS=${JAVA_OPTS:-"-Xms256m -Xmx256m -XX:+UseParallelGC"}
RUN_DIR=$(mktemp -d /tmp/bench-gateway.XXXXXX)
PIDS=()
CONFIGS=(direct gateway nginx haproxy)

# JVM flags for Hazelcast, stop_jvms, free ports, wait_until, loadavg: shared with the gateway's own bench scripts.
# shellcheck source=../infra/bench-lib.sh
source "$ROOT/infra/bench-lib.sh"
say() { printf '%s\n' "$*" | tee -a "$RUN_DIR/bench.txt"; }
die() { printf 'bench-gateway: %s\n' "$*" >&2; exit 1; }

cleanup() {
  stop_jvms
  echo "results and logs: $RUN_DIR"
}
trap cleanup EXIT

ensure_tools() {
  local missing=() tool daemon
  for tool in wrk nginx haproxy curl; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  [ ${#missing[@]} -eq 0 ] && return
  say "installing ${missing[*]} from Debian's packages"
  local -A had_pid=()
  for daemon in nginx haproxy; do [ -f "/run/$daemon.pid" ] && had_pid[$daemon]=1; done
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Where a package's post-install starts the system daemon (no policy-rc.d), stop that one: we run our own.
  for daemon in nginx haproxy; do
    if [ -z "${had_pid[$daemon]:-}" ] && [ -f "/run/$daemon.pid" ]; then
      kill "$(cat "/run/$daemon.pid")" 2>/dev/null || true
    fi
  done
  for tool in wrk nginx haproxy curl; do command -v "$tool" >/dev/null || die "$tool could not be installed"; done
}

ensure_build() {
  cd "$ROOT"
  bench_build
  local needed
  for needed in gateway/target/gateway-1.0.0-SNAPSHOT-fat.jar order-service/target/order-service-1.0.0-SNAPSHOT-fat.jar \
      inventory-service/target/inventory-service-1.0.0-SNAPSHOT-fat.jar \
      gateway/target/test-classes/dev/vxplatform/gateway/BenchBackend.class \
      load-tests/target/test-classes/dev/vxplatform/loadtests/bench/OpenLoopGet.class; do
    [ -e "$needed" ] || die "$needed is missing (run with BUILD=1)"
  done
  bench_copy_gateway
}

ms() { awk -v us="$1" 'BEGIN {printf "%.2f", us / 1000}'; }
added() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%+.2f", (a - b) / 1000}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf (b > 0) ? "%.2f" : "-", a / b}'; }

# ---------------------------------------------------------------------------------------------------------------
# Direct vs gateway vs nginx vs HAProxy

start_jvm() { # name, main class, env...
  local name=$1 main=$2; shift 2
  local extra=""
  [ "$name" = gateway ] && [ "$PROFILE" = 1 ] \
    && extra="-XX:StartFlightRecording=filename=$RUN_DIR/gateway.jfr,settings=profile,dumponexit=true"
  # shellcheck disable=SC2086
  env "$@" java $JAVA_OPTS $extra $HAZELCAST_OPTS -cp "$GATEWAY_CP" "$main" >"$RUN_DIR/$name.log" 2>&1 &
  PIDS+=($!)
}

start_nginx() { # port, upstream ports...
  local port=$1; shift
  mkdir -p "$RUN_DIR/nginx"
  {
    echo "worker_processes $(nproc); pid $RUN_DIR/nginx/nginx.pid; error_log $RUN_DIR/nginx/error.log warn;"
    echo "events { worker_connections 4096; }"
    echo "http {"
    echo "  access_log off;"
    echo "  client_body_temp_path $RUN_DIR/nginx/body; proxy_temp_path $RUN_DIR/nginx/proxy;"
    echo "  fastcgi_temp_path $RUN_DIR/nginx/fastcgi; uwsgi_temp_path $RUN_DIR/nginx/uwsgi; scgi_temp_path $RUN_DIR/nginx/scgi;"
    echo "  upstream backends {"
    for upstream in "$@"; do echo "    server 127.0.0.1:$upstream;"; done
    echo "    keepalive $((CONNECTIONS * 2));"
    echo "  }"
    echo "  server {"
    echo "    listen 127.0.0.1:$port;"
    echo "    location /api/ { proxy_pass http://backends/; proxy_http_version 1.1; proxy_set_header Connection \"\"; }"
    echo "  }"
    echo "}"
  } >"$RUN_DIR/nginx/nginx.conf"
  nginx -t -q -c "$RUN_DIR/nginx/nginx.conf" -p "$RUN_DIR/nginx" -g 'daemon off;' 2>>"$RUN_DIR/nginx/error.log" \
    || die "nginx rejected its configuration, see $RUN_DIR/nginx"
  nginx -c "$RUN_DIR/nginx/nginx.conf" -p "$RUN_DIR/nginx" -g 'daemon off;' >>"$RUN_DIR/nginx/error.log" 2>&1 &
  PIDS+=($!)
}

# HAProxy as the issue of the gateway's goals set it up: mode http, round-robin, connections to the backends reused
# across clients (http-reuse always), /api stripped, one thread per core. -db: in the foreground, one process.
start_haproxy() { # port, upstream ports...
  local port=$1 n=0; shift
  mkdir -p "$RUN_DIR/haproxy"
  {
    echo "global"
    echo "  nbthread $(nproc)"
    echo "  maxconn 8192"
    echo "defaults"
    echo "  mode http"
    echo "  timeout connect 5s"
    echo "  timeout client 30s"
    echo "  timeout server 30s"
    echo "  http-reuse always"
    echo "frontend bench"
    echo "  bind 127.0.0.1:$port"
    echo "  default_backend backends"
    echo "backend backends"
    echo "  balance roundrobin"
    echo "  http-request replace-path ^/api/(.*) /\\1"
    for upstream in "$@"; do n=$((n + 1)); echo "  server b$n 127.0.0.1:$upstream"; done
  } >"$RUN_DIR/haproxy/haproxy.cfg"
  haproxy -c -q -f "$RUN_DIR/haproxy/haproxy.cfg" >>"$RUN_DIR/haproxy/haproxy.log" 2>&1 \
    || die "haproxy rejected its configuration, see $RUN_DIR/haproxy"
  haproxy -db -f "$RUN_DIR/haproxy/haproxy.cfg" >>"$RUN_DIR/haproxy/haproxy.log" 2>&1 &
  PIDS+=($!)
}

# CPU time (user + system, clock ticks) of processes and their children's threads, from /proc.
cpu_ticks() {
  local total=0 pid
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] && total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  echo "$total"
}

max_rps() { # url, pids of the tier under test → "requests/s CPU-µs-per-request" (wrk, closed loop)
  local url=$1 out before after; shift
  before=$(cpu_ticks "$@")
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$url")
  after=$(cpu_ticks "$@")
  echo "$out" >>"$RUN_DIR/wrk.txt"
  echo "$out" | awk -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" -v secs="$DURATION" '
    /Non-2xx|Socket errors/ {print "  wrk: " $0 > "/dev/stderr"}
    /Requests\/sec/ {printf "%s %.1f\n", $2, ticks * 1e6 / hz / ($2 * secs)}'
}

fixed_rate() { # rate, urls... → per measurement "url p50_us p99_us achieved errors+unfinished"
  local rate=$1; shift
  java -Xms128m -Xmx512m -XX:+UseParallelGC -Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener \
    -cp "$LOAD_CP" dev.vxplatform.loadtests.bench.OpenLoopGet "$rate" "$DURATION" "$WARMUP" "$CONNECTIONS" "$RUNS" \
    "$GENERATOR_LOOPS" "$@" \
    2>&1 | tee -a "$RUN_DIR/fixed-rate.txt" | awk '/^RESULT/ {
      for (i = 2; i <= NF; i++) {split($i, kv, "="); r[kv[1]] = kv[2]}
      print r["url"], r["p50_us"], r["p99_us"], r["achieved"], r["errors"] + r["unfinished"]; fflush()}'
}

part_one() {
  local cluster_ports=("$(free_port)" "$(free_port)" "$(free_port)")
  local members
  members=$(printf '127.0.0.1:%s,' "${cluster_ports[@]}")
  local common=(CLUSTER_NAME="bench-$$-$RANDOM" CLUSTER_HOST=127.0.0.1 CLUSTER_PORT_COUNT=1 CLUSTER_MEMBERS="${members%,}"
    JWT_PUBLIC_KEY_FILE="$PUBLIC_KEY" JWT_JWKS_URL= ACCESS_LOG="${ACCESS_LOG:-OFF}")
  local b1 b2 gw gw_admin ng hp
  b1=$(free_port); b2=$(free_port); gw=$(free_port); gw_admin=$(free_port); ng=$(free_port); hp=$(free_port)
  say "backends :$b1 :$b2, gateway :$gw (round-robin; management :$gw_admin), nginx :$ng, haproxy :$hp"
  start_jvm backend-1 dev.vxplatform.gateway.BenchBackend "${common[@]}" CLUSTER_PORT="${cluster_ports[0]}" HTTP_PORT="$b1"
  local backend_pid=${PIDS[-1]}
  start_jvm backend-2 dev.vxplatform.gateway.BenchBackend "${common[@]}" CLUSTER_PORT="${cluster_ports[1]}" HTTP_PORT="$b2"
  wait_until "both backends answer" 120 bash -c "curl -fs http://127.0.0.1:$b1/ && curl -fs http://127.0.0.1:$b2/"
  # A lite member cannot form a cluster alone: the gateway joins once the backends are up.
  # /admin/instances is on the management port only (the public one answers 404 there).
  start_jvm gateway dev.vxplatform.gateway.Main "${common[@]}" CLUSTER_PORT="${cluster_ports[2]}" GATEWAY_PORT="$gw" \
    MANAGEMENT_PORT="$gw_admin" GATEWAY_LB=round-robin GATEWAY_PUBLIC_READS=/api/bench GATEWAY_RATE_READS_PER_SECOND=0 \
    GATEWAY_RATE_WRITES_PER_SECOND=0 GATEWAY_CONCURRENCY_LIMIT=off
  # A public read, like nginx's: no token to verify, no per-caller limit; and no concurrency limit, like the peers:
  # wrk saturates backends that share the 2 cores, and 503s the limit answered at once would count as served.
  local gateway_pid=${PIDS[-1]}
  wait_until "the gateway routes to both backends" 120 routes_to "$gw_admin" 2
  start_nginx "$ng" "$b1" "$b2"
  wait_until "nginx has its workers" 10 bash -c "[ -n \"\$(ps -o pid= --ppid ${PIDS[-1]})\" ]"
  local nginx_pids
  nginx_pids="${PIDS[-1]} $(ps -o pid= --ppid "${PIDS[-1]}" | tr '\n' ' ')"
  start_haproxy "$hp" "$b1" "$b2"
  local -A tier=([direct]="$backend_pid" [gateway]="$gateway_pid" [nginx]="$nginx_pids" [haproxy]="${PIDS[-1]}")
  local -A url=([direct]="http://127.0.0.1:$b1/bench/hello" [gateway]="http://127.0.0.1:$gw/api/bench/hello"
    [nginx]="http://127.0.0.1:$ng/api/bench/hello" [haproxy]="http://127.0.0.1:$hp/api/bench/hello")
  local config
  say "warming up each path with wrk for ${WARMUP_WRK}s (JIT: a fresh gateway needs ~25 s to reach full speed)"
  for config in "${CONFIGS[@]}"; do
    wait_until "$config answers" 30 curl -fs "${url[$config]}"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP_WRK}s" "${url[$config]}" >/dev/null
  done

  local -A max=() cpu=()
  local run
  say "max throughput: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, $RUNS runs interleaved; load average $(loadavg)"
  local -A last=()
  local rps per_request
  for run in $(seq 1 "$RUNS"); do
    for config in "${CONFIGS[@]}"; do
      # shellcheck disable=SC2086
      read -r rps per_request < <(max_rps "${url[$config]}" ${tier[$config]})
      max[$config]+="$rps "; cpu[$config]+="$per_request "
      last[$config]="$rps/s ($per_request CPU-µs/request)"
    done
    say "  run $run: direct ${last[direct]}, gateway ${last[gateway]}, nginx ${last[nginx]}, haproxy ${last[haproxy]}"
  done
  local -A med_max=()
  for config in "${CONFIGS[@]}"; do med_max[$config]=$(median ${max[$config]}); done
  local rate1 rate2
  rate1=${FIXED_RATE:-$(awk -v m="${med_max[direct]}" 'BEGIN {printf "%d", m / 2}')}
  # Half the direct maximum can be more than a proxy's maximum on a small machine; then its latency there is
  # that of an overloaded server. So also measure at half the lowest maximum, a load every configuration takes.
  rate2=$(printf '%s\n' "${med_max[@]}" | sort -g | head -1 | awk '{printf "%d", $1 / 2}')
  local -A p50=() p99=() errors=()
  local rate measured r50 r99 rdone rerr
  local -A config_of=([${url[direct]}]=direct [${url[gateway]}]=gateway [${url[nginx]}]=nginx
    [${url[haproxy]}]=haproxy)
  for rate in "$rate1" "$rate2"; do
    say "fixed rate $rate requests/s: OpenLoopGet ($GENERATOR_LOOPS event loops), $CONNECTIONS connections, each run ${WARMUP}s unmeasured" \
      "then ${DURATION}s; load average $(loadavg)"
    while read -r measured r50 r99 rdone rerr; do
      config=${config_of[$measured]}
      p50[$config@$rate]+="$r50 "; p99[$config@$rate]+="$r99 "; errors[$config@$rate]+="$rerr "
      say "  $config: p50 $(ms "$r50") ms, p99 $(ms "$r99") ms, $rdone/s answered, $rerr errors"
    done < <(fixed_rate "$rate" "${url[direct]}" "${url[gateway]}" "${url[nginx]}" "${url[haproxy]}")
    say "  (load average at the end: $(loadavg))"
  done
  stop_jvms  # part 2 gets the machine to itself

  say ""
  say "Table 1: GET of a 2-byte body; $(nproc) cores shared by the load tool and every process; medians of $RUNS runs"
  printf '%-34s %9s %11s %22s %22s %8s\n' "configuration" "max rps" "CPU µs/req" "p50 / p99 @ $rate1/s" \
    "p50 / p99 @ $rate2/s" "errors" | tee -a "$RUN_DIR/bench.txt"
  local -A label=([direct]="direct, one backend" [gateway]="gateway (round-robin), 2 backends"
    [nginx]="nginx (round-robin), 2 backends" [haproxy]="HAProxy (round-robin), 2 backends")
  local -A m50=() m99=()
  for config in "${CONFIGS[@]}"; do
    for rate in "$rate1" "$rate2"; do
      m50[$config@$rate]=$(median ${p50[$config@$rate]})
      m99[$config@$rate]=$(median ${p99[$config@$rate]})
    done
    printf '%-34s %9.0f %11.1f %22s %22s %8s\n' "${label[$config]}" "${med_max[$config]}" "$(median ${cpu[$config]})" \
      "$(ms "${m50[$config@$rate1]}") / $(ms "${m99[$config@$rate1]}") ms" \
      "$(ms "${m50[$config@$rate2]}") / $(ms "${m99[$config@$rate2]}") ms" \
      "$(median ${errors[$config@$rate1]}) / $(median ${errors[$config@$rate2]})" | tee -a "$RUN_DIR/bench.txt"
  done
  local best_peer=nginx
  awk -v h="${med_max[haproxy]}" -v n="${med_max[nginx]}" 'BEGIN {exit !(h > n)}' && best_peer=haproxy
  say "max throughput: gateway/direct $(ratio "${med_max[gateway]}" "${med_max[direct]}")," \
    "gateway/nginx $(ratio "${med_max[gateway]}" "${med_max[nginx]}"), gateway/haproxy" \
    "$(ratio "${med_max[gateway]}" "${med_max[haproxy]}"), nginx/direct $(ratio "${med_max[nginx]}" "${med_max[direct]}")," \
    "haproxy/direct $(ratio "${med_max[haproxy]}" "${med_max[direct]}")"
  say "gateway vs the faster peer ($best_peer): $(ratio "${med_max[gateway]}" "${med_max[$best_peer]}") × its max rps"
  for rate in "$rate1" "$rate2"; do
    say "added at $rate/s: gateway p50 $(added "${m50[gateway@$rate]}" "${m50[direct@$rate]}") ms," \
      "p99 $(added "${m99[gateway@$rate]}" "${m99[direct@$rate]}") ms; nginx p50" \
      "$(added "${m50[nginx@$rate]}" "${m50[direct@$rate]}") ms, p99 $(added "${m99[nginx@$rate]}" "${m99[direct@$rate]}") ms;" \
      "haproxy p50 $(added "${m50[haproxy@$rate]}" "${m50[direct@$rate]}") ms, p99" \
      "$(added "${m99[haproxy@$rate]}" "${m99[direct@$rate]}") ms"
  done
  say "(CPU µs/req: CPU time of the tier under test per request during the max run: the backend for direct,"
  say " the gateway JVM, the nginx processes or the HAProxy process for the proxies; less sensitive to a busy machine"
  say " than rps)"
  say "raw max rps: direct [${max[direct]}] gateway [${max[gateway]}] nginx [${max[nginx]}] haproxy [${max[haproxy]}]"
}

started=$(date +%s)
ensure_tools
ensure_build
say "bench-gateway $(date -u +%Y-%m-%dT%H:%MZ): $(nproc) cores, $(java -version 2>&1 | head -1), $(nginx -v 2>&1), $(haproxy -v | head -1 | cut -d' ' -f1-3), wrk $(wrk -v 2>&1 | head -1 | cut -d' ' -f2); load average $(loadavg)"
part_one
say ""
say "done in $(( $(date +%s) - started )) s; load average $(loadavg)"

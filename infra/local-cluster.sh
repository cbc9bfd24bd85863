#!/usr/bin/env bash
# The whole platform as separate JVMs on this machine: 1 gateway, ORDER_INSTANCES order-service and
# INVENTORY_INSTANCES inventory-service nodes, all members of one Hazelcast cluster on 127.0.0.1, and the database
# they share: unless DATABASE_URL is set, a real PostgreSQL 14 started first as the node 'postgres' (module
# dev-database), whose URL every service node gets as DATABASE_URL, DATABASE_USER and DATABASE_PASSWORD. With
# DATABASE_URL set, no postgres node is started and the three variables reach the nodes as they are.
#
#   infra/local-cluster.sh up | down | reset | status | kill NAME... | stop NAME | cont NAME | restart NAME
#   infra/local-cluster.sh token [--sub ada] [--scope "orders:write orders:read"] [--ttl 3600]
#   infra/local-cluster.sh up --netns | partition NAME... | cut FROM TO | heal      (as root: infra/netns-lib.sh)
#
# up --netns (or NETNS=1) puts every service node in a network namespace of its own, with its own address on a
# private /24, so a node or a group of nodes can be cut off from the rest (partition), one node kept from reaching
# another (cut), and all joined again (heal); the database stays in the root namespace, reached by the nodes at the
# bridge's address. Not with TLS=1.
#
# Every node verifies bearer tokens. Unless JWT_PUBLIC_KEY_FILE or JWT_JWKS_URL is set, up makes a local RS256 key
# pair in RUN_DIR/keys (kept across down/up, like the data) and gives every node its public key; token prints a token
# signed with its private key (TOKEN=$(infra/local-cluster.sh token) for the README's curl examples).
#
# TLS=1 (default 0) on up: a local CA and one node certificate (127.0.0.1 and localhost) in RUN_DIR/tls, made with the
# JDK's keytool if absent (kept across down/up, like the keys; delete the folder for new ones), given to every node as
# TLS_CERT_FILE, TLS_KEY_FILE and TLS_CA_FILE: the public ports speak HTTPS only, the gateway verifies the services,
# the event bus is mutual TLS. Clients trust RUN_DIR/tls/ca.pem (curl --cacert .run/tls/ca.pem https://...). The
# setting is the run's: up writes RUN_DIR/tls.on, and restart gives a node what the others have. Management ports
# stay plain HTTP on 127.0.0.1; with TLS on, the script checks readiness there.
#
# Every service node has two ports on 127.0.0.1: its public one (the gateway's GATEWAY_PORT, the others a free port;
# /api/* and /health/*) and its management port (MANAGEMENT_PORT, a free port: /metrics, /health/*, the gateway's
# /admin/*), both kept across restart of the node and written to RUN_DIR/NAME.port and RUN_DIR/NAME.mgmt; status
# shows them as PORT and MGMT (the postgres node has no management port: -).
#
# reset = down, then wipe the database's data. Needs only a JDK 17 and Maven (the PostgreSQL binaries come from
# Maven Central). Logs, pid and port files live in .run/ (RUN_DIR to change), the database in RUN_DIR/postgres/data.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUN_DIR=${RUN_DIR:-$ROOT/.run}
GATEWAY_PORT=${GATEWAY_PORT:-8080}
ORDER_INSTANCES=${ORDER_INSTANCES:-2}
INVENTORY_INSTANCES=${INVENTORY_INSTANCES:-3}
UP_TIMEOUT=${UP_TIMEOUT:-120}
export CLUSTER_NAME=${CLUSTER_NAME:-vxplatform}
export CLUSTER_HOST=${CLUSTER_HOST:-127.0.0.1}
export CLUSTER_PORT=${CLUSTER_PORT:-5701}
export CLUSTER_PORT_COUNT=${CLUSTER_PORT_COUNT:-20}
export CLUSTER_MEMBERS=${CLUSTER_MEMBERS:-$CLUSTER_HOST:$CLUSTER_PORT-$((CLUSTER_PORT + CLUSTER_PORT_COUNT - 1))}
# Order writes need a majority of the data members (split-brain protection): a node cut off or paused and expelled
# refuses them instead of creating orders the merge would later copy back. Hazelcast counts data members only, so
# the gateway (a lite member) is left out. 1 (one data member) is the same as off.
export CLUSTER_MIN_SIZE=${CLUSTER_MIN_SIZE:-$(( (ORDER_INSTANCES + INVENTORY_INSTANCES) / 2 + 1 ))}
# The reconciler's leadership is a Raft lock (Hazelcast's CP subsystem) on 3 of the data members; with fewer than 3
# data JVMs there is no Raft group to form, and the lock runs on a map partition instead (unsafe mode, CP off).
export CP_MEMBER_COUNT=${CP_MEMBER_COUNT:-$(( ORDER_INSTANCES + INVENTORY_INSTANCES >= 3 ? 3 : 0 ))}
# Sized for a small machine: bounded heap, metaspace, code cache and thread stacks keep an idle node small.
# EXTRA_JAVA_OPTS are added after them (a profiler, a flag under measurement).
JAVA_OPTS=${JAVA_OPTS:-"-Xms32m -Xmx192m -XX:MaxMetaspaceSize=96m -XX:ReservedCodeCacheSize=64m -Xss512k -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError"}
HAZELCAST_OPTS="--add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.management/sun.management=ALL-UNNAMED --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED"
VERSION=1.0.0-SNAPSHOT
# The database node: a small JVM that only starts and stops the server (the server runs as processes of its own).
# Its heap is for the first start on a machine: zonky unpacks the PostgreSQL binaries in memory (64 MB ran out).
POSTGRES_JAVA_OPTS=${POSTGRES_JAVA_OPTS:-"-Xms16m -Xmx192m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -XX:+ExitOnOutOfMemoryError"}
# Under RUN_DIR, so the data survives down/up; only reset deletes it.
PG_DATA=$RUN_DIR/postgres/data
KEY_DIR=$RUN_DIR/keys
TLS_DIR=$RUN_DIR/tls
# Decided once, like the database: an identity provider's key (or key set) of the caller's, or our local pair.
if [ -n "${JWT_PUBLIC_KEY_FILE:-}${JWT_JWKS_URL:-}" ]; then OWN_KEYS=0; else OWN_KEYS=1; fi
# Decided once, before this script exports a DATABASE_URL of its own for the nodes.
if [ -n "${DATABASE_URL:-}" ]; then OWN_DATABASE=0; else OWN_DATABASE=1; fi

say() { printf '%s\n' "$*"; }
die() { printf 'local-cluster: %s\n' "$*" >&2; exit 1; }
# up --netns, partition, cut, heal; host_of: where a node is reached (127.0.0.1 without --netns).
# shellcheck source=netns-lib.sh
source "$ROOT/infra/netns-lib.sh"

module_of() {
  case "$1" in
    gateway) echo gateway ;;
    order-*) echo order-service ;;
    inventory-*) echo inventory-service ;;
    postgres) echo dev-database ;;
    *) die "unknown node '$1' (postgres, gateway, order-N, inventory-N)" ;;
  esac
}

jar_of() { echo "$ROOT/$1/target/$1-$VERSION-fat.jar"; }

all_nodes() {
  local i
  for ((i = 1; i <= INVENTORY_INSTANCES; i++)); do echo "inventory-$i"; done
  for ((i = 1; i <= ORDER_INSTANCES; i++)); do echo "order-$i"; done
  echo gateway
}

# The service nodes of this run (those with a pid file); postgres is not one of them.
service_nodes() {
  ls "$RUN_DIR"/*.pid 2>/dev/null | xargs -r -n1 basename | sed 's/\.pid$//' | grep -vx postgres | sort -V || true
}
# postgres first: it starts first and stops last.
known_nodes() {
  if [ -f "$RUN_DIR/postgres.pid" ]; then echo postgres; fi
  service_nodes
}

pid_of() { cat "$RUN_DIR/$1.pid" 2>/dev/null || true; }
port_of() { cat "$RUN_DIR/$1.port" 2>/dev/null || true; }
mgmt_of() { cat "$RUN_DIR/$1.mgmt" 2>/dev/null || true; }
# A killed process whose parent is gone may linger as a zombie until init reaps it: that counts as dead.
proc_running() {
  local state
  kill -0 "$1" 2>/dev/null || return 1
  state=$(ps -o stat= -p "$1" 2>/dev/null | cut -c1)
  [ -n "$state" ] && [ "$state" != Z ]
}
# The node's JVM (for postgres: the wrapper that starts and stops the server).
alive() {
  local pid
  pid=$(pid_of "$1")
  [ -n "$pid" ] && proc_running "$pid"
}
# For postgres, the server counts as much as its wrapper: a server whose wrapper was killed still holds the data.
node_running() {
  if [ "$1" = postgres ]; then alive postgres || [ -n "$(postmaster_pid)" ]; else alive "$1"; fi
}

# TLS is the run's, decided by up (TLS=1) and remembered for restart and status.
tls_on() { [ -f "$RUN_DIR/tls.on" ]; }
# Where /health/ready is asked: the public port, unless that speaks HTTPS (ours, or TLS files of the caller's); then
# the management port, plain HTTP, which answers ready only once the public server listens and is published.
ready_port() {
  if tls_on || [ -n "${TLS_CERT_FILE:-}" ]; then mgmt_of "$1"; else port_of "$1"; fi
}

# Status code of GET path on host:port (default 127.0.0.1), or 000; plain bash, no curl needed.
http_status() {
  local port=$1 path=$2 host=${3:-127.0.0.1}
  timeout 2 bash -c "exec 3<>/dev/tcp/$host/$port && printf 'GET $path HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3 && head -1 <&3" 2>/dev/null \
    | awk '{print $2}' | grep -E '^[0-9]{3}$' || echo 000
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# Bounded, like http_status. Note the kernel completes the handshake even for a SIGSTOPped listener: status checks
# for 'stopped' before this.
accepts_tcp() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# Below Linux's ephemeral range (32768-60999), so an outgoing connection cannot take the port before the node binds it.
# Never one a node of this run was given (public or management) nor GATEWAY_PORT, which the gateway binds last.
free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 12000))
    if port_free "$port" && [ "$port" != "$GATEWAY_PORT" ] \
        && ! grep -qx "$port" "$RUN_DIR"/*.port "$RUN_DIR"/*.mgmt 2>/dev/null; then
      echo "$port"; return
    fi
  done
  die "no free port found"
}

build_if_stale() {
  [ "${SKIP_BUILD:-0}" = 1 ] && return  # the caller (a test in the Maven build) has just packaged them
  local module jar sources stale=() modules=(gateway order-service inventory-service)
  [ "$OWN_DATABASE" = 1 ] && modules+=(dev-database)  # with DATABASE_URL set its jar is not needed
  for module in "${modules[@]}"; do
    jar=$(jar_of "$module")
    sources=("$ROOT/$module/src" "$ROOT/pom.xml" "$ROOT/$module/pom.xml")
    [ "$module" = dev-database ] || sources+=("$ROOT/shared/src/main")  # the services build on shared; it does not
    if [ ! -f "$jar" ] || [ -n "$(find "${sources[@]}" -newer "$jar" -type f 2>/dev/null | head -1)" ]; then
      stale+=("$module")
    fi
  done
  if [ ${#stale[@]} -gt 0 ]; then
    say "Building fat jars (${stale[*]} missing or stale): mvn -B -q -DskipTests package"
    (cd "$ROOT" && mvn -B -q -DskipTests package -pl gateway,order-service,inventory-service,dev-database -am) \
      || die "build failed"
  fi
}

# Class-data sharing: the first node of each module writes an archive of the classes it loaded when it exits
# (down); later starts map it instead of loading and verifying those classes again (~30 % faster start-up).
# An archive older than its jar is stale and written anew. On JDK 25 and later the archive is the JDK's AOT cache
# instead (JEPs 483, 514, 515: classes loaded and linked, and method profiles, so the JIT starts warmer): six nodes
# up in 14.1-14.9 s, against 16.6-17.2 s with the dynamic archive on the same JDK (2 cores, 2026-12-08).
cds_opts() {
  local name=$1 module=$2 jar=$3 archive write read
  [ "${CDS:-1}" = 1 ] || return 0
  if [ "$(java_feature)" -ge 25 ]; then
    archive="$RUN_DIR/cds/$module.aot" write=-XX:AOTCacheOutput read=-XX:AOTCache
  else
    archive="$RUN_DIR/cds/$module.jsa" write=-XX:ArchiveClassesAtExit read=-XX:SharedArchiveFile
  fi
  mkdir -p "$RUN_DIR/cds"
  if [ -f "$archive" ] && [ "$archive" -nt "$jar" ]; then
    echo "$read=$archive -Xlog:cds=off -Xlog:cds+dynamic=off"
  elif [[ $name == gateway || $name == *-1 ]]; then
    rm -f "$archive"
    echo "$write=$archive -Xlog:cds=off -Xlog:cds+dynamic=off"
  fi
}

# The feature release of the java on PATH (17, 25, ...): asked once per command, by start_node.
java_feature() {
  [ -n "${JAVA_FEATURE:-}" ] || JAVA_FEATURE=$(java -version 2>&1 | sed -n 's/.* version "\([0-9]*\).*/\1/p' | head -1)
  echo "${JAVA_FEATURE:-0}"
}

# A port file is left alone when it already holds the port (restart): a tool reading it meanwhile never finds it empty.
write_port() { [ "$(cat "$1" 2>/dev/null)" = "$2" ] || echo "$2" >"$1"; }

# name, public port, management port (empty: a free one, drawn after the public port is on file).
start_node() {
  local name=$1 port=$2 mgmt=${3:-} module jar
  module=$(module_of "$name")
  jar=$(jar_of "$module")
  [ -f "$jar" ] || die "missing $jar (run: infra/local-cluster.sh up)"
  JAVA_FEATURE=$(java_feature)  # here, not in cds_opts' subshell, so that it is asked once
  write_port "$RUN_DIR/$name.port" "$port"
  [ -n "$mgmt" ] || mgmt=$(free_port)
  write_port "$RUN_DIR/$name.mgmt" "$mgmt"
  write_port "$RUN_DIR/$name.host" "$(host_of "$name")"  # where tools reach the node (its own address with --netns)
  # In its own network namespace (--netns), the node binds, announces and joins by its own address.
  local net=()
  if netns_on; then
    net=(CLUSTER_HOST="$(host_of "$name")" CLUSTER_MEMBERS="$(netns_members)" HTTP_HOST="$(host_of "$name")"
      PUBLIC_HOST="$(host_of "$name")" MANAGEMENT_HOST="$(host_of "$name")")
  fi
  # setsid: the node gets its own session, so Ctrl-C in this shell does not reach it.
  env ${net[@]+"${net[@]}"} HTTP_PORT="$port" GATEWAY_PORT="$port" MANAGEMENT_PORT="$mgmt" NODE_NAME="$name" \
    $(netns_exec "$name") setsid java $JAVA_OPTS ${EXTRA_JAVA_OPTS:-} $HAZELCAST_OPTS $(cds_opts "$name" "$module" "$jar") -jar "$jar" >"$RUN_DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/$name.pid"
  date +%s%N >"$RUN_DIR/$name.started"
}

# Waits until every named node answers 200 on /health/ready; prints one line per node as it gets there.
wait_ready() {
  local deadline=$(( $(date +%s) + UP_TIMEOUT )) pending=("$@") still name started
  while [ ${#pending[@]} -gt 0 ]; do
    still=()
    for name in "${pending[@]}"; do
      if ! alive "$name"; then
        tail -20 "$RUN_DIR/$name.log" >&2 || true
        die "$name exited during start-up (log: $RUN_DIR/$name.log)"
      fi
      if [ "$(http_status "$(ready_port "$name")" /health/ready "$(host_of "$name")")" = 200 ]; then
        started=$(cat "$RUN_DIR/$name.started")
        printf '  %-12s ready on port %-5s after %5d ms\n' "$name" "$(port_of "$name")" $(( ($(date +%s%N) - started) / 1000000 ))
      else
        still+=("$name")
      fi
    done
    pending=("${still[@]+"${still[@]}"}")
    if [ ${#pending[@]} -gt 0 ]; then
      if [ "$(date +%s)" -ge "$deadline" ]; then
        for name in "${pending[@]}"; do tail -20 "$RUN_DIR/$name.log" >&2 || true; done
        die "not ready after ${UP_TIMEOUT}s: ${pending[*]} (logs in $RUN_DIR)"
      fi
      sleep 0.2
    fi
  done
}

# --- postgres: the database node ---------------------------------------------------------------------------------
# The server is not the wrapper JVM: pg_ctl starts a postmaster of its own (its parent becomes init), which forks the
# backends (one per connection) and its helpers. Its pid is the first line of DATA/postmaster.pid. A crash leaves
# that file behind, so only a live process named postgres with that pid counts.
postmaster_pid() {
  local pid
  pid=$(head -1 "$PG_DATA/postmaster.pid" 2>/dev/null || true)
  if [[ $pid =~ ^[0-9]+$ ]] && proc_running "$pid" && [[ $(ps -o comm= -p "$pid" 2>/dev/null) == *postgres* ]]; then
    echo "$pid"
  fi
}

# kill/stop/cont act on the server's processes, not just the wrapper: a SIGSTOPped wrapper would leave the database
# answering. The postmaster is stopped before its children are listed, so it cannot fork one the list misses (and
# its children are only found under it while it lives, hence STOP before KILL too).
signal_postgres() {
  local signal=$1 pm children=()
  pm=$(postmaster_pid)
  if [ "$signal" = KILL ] && alive postgres; then kill -KILL "$(pid_of postgres)" 2>/dev/null || true; fi
  if [ "$signal" = CONT ] && alive postgres; then kill -CONT "$(pid_of postgres)" 2>/dev/null || true; fi
  [ -n "$pm" ] || return 0
  [ "$signal" = CONT ] || kill -STOP "$pm" 2>/dev/null || true
  mapfile -t children < <(pgrep -P "$pm" || true)
  kill "-$signal" ${children[@]+"${children[@]}"} "$pm" 2>/dev/null || true
  if [ "$signal" = KILL ]; then  # so that status, restart or down right after see it gone
    local deadline=$(( $(date +%s) + 5 ))
    while [ -n "$(postmaster_pid)" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.1; done
  fi
}

# Graceful: SIGTERM to the wrapper, whose shutdown hook runs pg_ctl stop (fast: open transactions roll back, a
# checkpoint is written) and exits once the server is gone. A server without its wrapper (the JVM was killed alone)
# gets SIGINT, the same fast shutdown. SIGKILL for whatever is left after 30 s.
stop_postgres() {
  local deadline=$(( $(date +%s) + 30 )) pm
  signal_postgres CONT  # a paused server cannot shut down, and pg_ctl would wait for it
  if alive postgres; then kill -TERM "$(pid_of postgres)" 2>/dev/null || true; fi
  while alive postgres && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.1; done
  pm=$(postmaster_pid)
  if [ -n "$pm" ]; then kill -INT "$pm" 2>/dev/null || true; fi
  while [ -n "$(postmaster_pid)" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.1; done
  if node_running postgres; then say "  postgres did not stop in time: SIGKILL"; signal_postgres KILL; fi
}

# The port of the last run if it is still free (psql, an IDE or a .env keep working across down/up), else a new one.
postgres_port() {
  local port
  port=$(port_of postgres)
  if ! [[ $port =~ ^[0-9]+$ ]] || ! port_free "$port" || [ "$port" = "$GATEWAY_PORT" ]; then
    port=$(free_port)
    while [ "$port" = "$GATEWAY_PORT" ]; do port=$(free_port); done
  fi
  echo "$port"
}

start_postgres() {
  local port=$1 jar
  jar=$(jar_of dev-database)
  [ -f "$jar" ] || die "missing $jar (run: infra/local-cluster.sh up without SKIP_BUILD=1, or set DATABASE_URL)"
  port_free "$port" || die "postgres: port $port is in use"
  # A crash leaves postmaster.pid behind. PostgreSQL ignores it only if it may not signal a process with that pid
  # (for root: none lives), so a reused pid would keep the server from starting. No live postgres has it: stale.
  if [ -f "$PG_DATA/postmaster.pid" ] && [ -z "$(postmaster_pid)" ]; then rm -f "$PG_DATA/postmaster.pid"; fi
  mkdir -p "$RUN_DIR/postgres"
  echo "$port" >"$RUN_DIR/postgres.port"
  # setsid: Ctrl-C in this shell reaches neither the wrapper nor the server.
  local listen=127.0.0.1 trusted=
  if netns_on; then listen="127.0.0.1,$(netns_database_host)" trusted="$(netns_subnet).0/24"; fi
  PG_PORT=$port PG_DATA_DIR=$PG_DATA PG_LISTEN_ADDRESSES=$listen PG_TRUSTED_SUBNET=$trusted \
    setsid java $POSTGRES_JAVA_OPTS -jar "$jar" >"$RUN_DIR/postgres.log" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/postgres.pid"
  date +%s%N >"$RUN_DIR/postgres.started"
}

# Ready = the wrapper's ready line (zonky ran SELECT 1 over a real connection by then; a bare TCP accept comes
# earlier, while the server still refuses logins during start-up or crash recovery) and the port accepts.
wait_postgres() {
  local deadline=$(( $(date +%s) + UP_TIMEOUT )) port started
  port=$(port_of postgres)
  until grep -q 'PostgreSQL ready on' "$RUN_DIR/postgres.log" 2>/dev/null && accepts_tcp "$port"; do
    if ! alive postgres; then
      tail -20 "$RUN_DIR/postgres.log" >&2 || true
      die "postgres exited during start-up (log: $RUN_DIR/postgres.log)"
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      tail -20 "$RUN_DIR/postgres.log" >&2 || true
      die "postgres not ready after ${UP_TIMEOUT}s (log: $RUN_DIR/postgres.log)"
    fi
    sleep 0.2
  done
  started=$(cat "$RUN_DIR/postgres.started")
  printf '  %-12s ready on port %-5s after %5d ms\n' postgres "$port" $(( ($(date +%s%N) - started) / 1000000 ))
}

# What every service node gets when the database is ours (the postgres node of this run); a DATABASE_URL of the
# user's reaches the nodes untouched, with whatever DATABASE_USER and DATABASE_PASSWORD came with it.
export_database_env() {
  [ "$OWN_DATABASE" = 1 ] && [ -f "$RUN_DIR/postgres.pid" ] || return 0
  # zonky's server trusts connections from 127.0.0.1 (and, with --netns, the nodes' subnet): user postgres, no password.
  export DATABASE_URL="jdbc:postgresql://$(netns_database_host):$(port_of postgres)/postgres" DATABASE_USER=postgres DATABASE_PASSWORD=
}

postgres_state() {
  local pm
  pm=$(postmaster_pid)
  if [ -z "$pm" ]; then
    if alive postgres; then echo no; else echo dead; fi  # a live wrapper without a server is still starting
  elif [ "$(ps -o stat= -p "$pm" | cut -c1)" = T ]; then echo stopped
  elif accepts_tcp "$(port_of postgres)"; then echo yes
  else echo no; fi
}

# --- keys: what tokens are signed and verified with -----------------------------------------------------------------
token_tool() { java -cp "$(jar_of gateway)" dev.vxplatform.shared.security.TokenTool "$@"; }

# Makes the local pair if absent (with our own keys) and exports its public key file for the nodes.
export_key_env() {
  [ "$OWN_KEYS" = 1 ] || return 0
  export JWT_PUBLIC_KEY_FILE
  JWT_PUBLIC_KEY_FILE=$(token_tool keys "$KEY_DIR")
}

# --- tls: what the public ports and the event bus speak --------------------------------------------------------------
tls_tool() { java -cp "$(jar_of gateway)" dev.vxplatform.shared.security.TlsTool "$@"; }

# With TLS on for this run: makes the local CA and node certificate if absent and exports them for the nodes.
export_tls_env() {
  tls_on || return 0
  tls_tool certs "$TLS_DIR" >/dev/null
  export TLS_CERT_FILE=$TLS_DIR/node.pem TLS_KEY_FILE=$TLS_DIR/node-key.pem TLS_CA_FILE=$TLS_DIR/ca.pem
}

cmd_token() {
  [ "$OWN_KEYS" = 1 ] || die "JWT_PUBLIC_KEY_FILE or JWT_JWKS_URL is set: get tokens from that identity provider"
  [ -f "$(jar_of gateway)" ] || die "missing $(jar_of gateway) (run: infra/local-cluster.sh up)"
  token_tool token "$KEY_DIR" "$@"
}

# --- commands -------------------------------------------------------------------------------------------------------
cmd_up() {
  mkdir -p "$RUN_DIR"
  local running=() name file netns=${NETNS:-0}
  case "${1:-}" in
    --netns) netns=1 ;;
    "") ;;
    *) die "unknown option '$1' (up [--netns])" ;;
  esac
  # postgres even without its pid file: a server left running holds the data directory.
  for name in postgres $(service_nodes); do node_running "$name" && running+=("$name"); done
  [ ${#running[@]} -eq 0 ] || die "already running: ${running[*]} (infra/local-cluster.sh down first)"
  for file in "$RUN_DIR"/*.pid "$RUN_DIR"/*.port "$RUN_DIR"/*.mgmt "$RUN_DIR"/*.host "$RUN_DIR"/*.started; do
    [ "$file" = "$RUN_DIR/postgres.port" ] || rm -f "$file"  # kept: the database's port stays the same
  done
  port_free "$GATEWAY_PORT" || die "GATEWAY_PORT $GATEWAY_PORT is in use"
  build_if_stale
  export_key_env
  if [ "${TLS:-0}" = 1 ]; then
    # The certificate names 127.0.0.1 and localhost: the host the gateway calls services on must be one of them.
    [[ $CLUSTER_HOST == 127.0.0.1 && ${PUBLIC_HOST:-127.0.0.1} =~ ^(127\.0\.0\.1|localhost)$ ]] \
      || die "TLS=1 makes certificates for 127.0.0.1 and localhost only (CLUSTER_HOST=$CLUSTER_HOST, PUBLIC_HOST=${PUBLIC_HOST:-})"
    : >"$RUN_DIR/tls.on"
    say "TLS: certificates in $TLS_DIR (CA: $TLS_DIR/ca.pem)"
  else
    rm -f "$RUN_DIR/tls.on"
  fi
  export_tls_env
  if [ "$netns" = 1 ]; then
    # The local certificate names 127.0.0.1 and localhost, not the namespaces' addresses.
    [ "${TLS:-0}" != 1 ] || die "--netns and TLS=1 do not go together (the local certificate names 127.0.0.1 only)"
    netns_setup
  elif netns_on; then
    netns_teardown  # left by a run that was never brought down
  fi
  local begin name rest=()
  begin=$(date +%s%N)
  # The database first: the services connect to it as they start.
  if [ "$OWN_DATABASE" = 1 ]; then
    rm -f "$RUN_DIR/database.external"
    say "Starting PostgreSQL (data: $PG_DATA)"
    start_postgres "$(postgres_port)"
    wait_postgres
    export_database_env
  else
    # Only a marker, no URL or password on disk: restart asks for the variables again instead of starting a node
    # without its database.
    : >"$RUN_DIR/database.external"
    say "Database: DATABASE_URL=${DATABASE_URL%%\?*} (no postgres node)"  # without its parameters: no password shown
  fi
  say "Starting cluster '$CLUSTER_NAME' (members $(if netns_on; then netns_members; else echo "$CLUSTER_MEMBERS"; fi))"
  # One node at a time: the first forms the cluster, each next one joins a settled cluster. On a small machine
  # parallel starts compete for the CPU, and parallel founders would each form a cluster and merge later. Measured
  # 2026-12-07 on 2 cores (class-data sharing on): the first node alone, then the five others at once, was ready in
  # 17.8 and 15.7 s against 18.3 and 18.0 s one by one, each joiner taking 7–12.5 s instead of 2–4 s, and the
  # cluster settling later (a down right after took 8.5–21 s instead of 4.1–4.3 s): not worth it.
  for name in $(all_nodes); do
    if [ "$name" = gateway ]; then start_node gateway "$GATEWAY_PORT"; else start_node "$name" "$(free_port)"; fi
    wait_ready "$name"
    rest+=("$name")
  done
  # Scripts parse this line: N counts the service nodes only (the database has its own line above and below).
  say "All ${#rest[@]} nodes ready in $(( ($(date +%s%N) - begin) / 1000000 )) ms."
  if [ "$OWN_DATABASE" = 1 ]; then
    say "Database: $DATABASE_URL   (user postgres, no password; try: psql -h 127.0.0.1 -p $(port_of postgres) -U postgres)"
  fi
  local admin scheme=http
  admin="http://$(host_of gateway):$(mgmt_of gateway)"
  tls_on && scheme=https
  say "Gateway: $scheme://$(host_of gateway):$GATEWAY_PORT   (admin: curl -s $admin/admin/instances; metrics: $admin/metrics;" \
    "every node's management port: status, column MGMT)"
  say "Dashboard: $admin/ui/   (live members, instances, breakers and timeline; an order form)"
  if tls_on; then
    say "HTTPS only: curl --cacert $TLS_DIR/ca.pem https://127.0.0.1:$GATEWAY_PORT/api/products"
  fi
  if [ "$OWN_KEYS" = 1 ]; then
    say "Tokens: TOKEN=\$(infra/local-cluster.sh token)   (signed with $KEY_DIR/jwt-private.pem; --sub, --scope, --ttl)"
  fi
}

stop_pids() {
  local signal=$1; shift
  local name
  for name in "$@"; do alive "$name" && kill "-$signal" "$(pid_of "$name")" 2>/dev/null || true; done
}

# The service nodes first, the database last: a node's shutdown may still write to it.
cmd_down() {
  local nodes=() name deadline database=0
  for name in $(service_nodes); do alive "$name" && nodes+=("$name"); done
  node_running postgres && database=1
  if [ ${#nodes[@]} -eq 0 ] && [ "$database" = 0 ]; then
    if netns_on; then netns_teardown; fi
    say "Nothing running."; return
  fi
  if [ ${#nodes[@]} -gt 0 ]; then
    say "Stopping ${nodes[*]} (SIGTERM: unpublish, drain, leave)"
    stop_pids CONT "${nodes[@]}"  # a paused JVM cannot run its shutdown hook
    stop_pids TERM "${nodes[@]}"
    deadline=$(( $(date +%s) + 30 ))
    for name in "${nodes[@]}"; do
      while alive "$name" && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.1; done
      if alive "$name"; then say "  $name did not stop in time: SIGKILL"; stop_pids KILL "$name"; fi
    done
  fi
  if [ "$database" = 1 ]; then
    say "Stopping postgres (fast shutdown: open transactions roll back)"
    stop_postgres
  fi
  rm -f "$RUN_DIR"/*.pid
  if netns_on; then netns_teardown; fi
  say "Stopped."
}

# down, then the database's data; logs, ports and class-data-sharing archives stay.
cmd_reset() {
  cmd_down
  ! node_running postgres || die "postgres is still running: its data was not wiped"
  if [ -d "$PG_DATA" ]; then
    rm -rf "$PG_DATA"
    say "Wiped the database ($PG_DATA): the next up starts with an empty one."
  else
    say "No database data in $PG_DATA."
  fi
  if [ "$OWN_DATABASE" = 0 ]; then say "DATABASE_URL is set: that database was not touched."; fi
}

# Scripts and tools parse the header: NODE PID PORT MGMT READY (MGMT: the management port, - for postgres).
cmd_status() {
  printf '%-12s %-8s %-6s %-6s %s\n' NODE PID PORT MGMT READY
  local name state mgmt
  for name in $(known_nodes); do
    if [ "$name" = postgres ]; then state=$(postgres_state)
    elif ! alive "$name"; then state=dead
    elif [ "$(ps -o stat= -p "$(pid_of "$name")" | cut -c1)" = T ]; then state=stopped
    elif [ "$(http_status "$(ready_port "$name")" /health/ready "$(host_of "$name")")" = 200 ]; then state=yes
    else state=no; fi
    mgmt=$(mgmt_of "$name")
    printf '%-12s %-8s %-6s %-6s %s\n' "$name" "$(pid_of "$name")" "$(port_of "$name")" "${mgmt:--}" "$state"
  done
}

need_node() {
  [ -n "${1:-}" ] || die "which node? (see: infra/local-cluster.sh status)"
  [ -f "$RUN_DIR/$1.pid" ] || die "unknown node '$1' (see: infra/local-cluster.sh status)"
}

# Every signal command: postgres means the server's processes, any other node its JVM.
signal_node() {
  if [ "$2" = postgres ]; then signal_postgres "$1"; else stop_pids "$1" "$2"; fi
}

cmd_restart() {
  local name=$1
  if [ "$name" = postgres ]; then
    # Same port and data: the services' pools reconnect to the address they know.
    if node_running postgres; then stop_postgres; fi
    mv -f "$RUN_DIR/postgres.log" "$RUN_DIR/postgres.log.1" 2>/dev/null || true
    start_postgres "$(port_of postgres)"
    wait_postgres
    return
  fi
  if [ "$OWN_DATABASE" = 1 ] && [ -f "$RUN_DIR/database.external" ]; then
    die "this cluster was started with DATABASE_URL: set DATABASE_URL (and DATABASE_USER, DATABASE_PASSWORD) for restart too"
  fi
  if [ "${TLS:-}" = 1 ] && ! tls_on; then
    die "this cluster was started without TLS: a node with TLS=1 could not join it (down, then TLS=1 up)"
  fi
  export_database_env
  export_key_env
  export_tls_env
  if alive "$name"; then
    stop_pids CONT "$name"; stop_pids TERM "$name"
    local deadline=$(( $(date +%s) + 30 ))
    while alive "$name" && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.1; done
    alive "$name" && stop_pids KILL "$name"
  fi
  mv -f "$RUN_DIR/$name.log" "$RUN_DIR/$name.log.1" 2>/dev/null || true
  start_node "$name" "$(port_of "$name")" "$(mgmt_of "$name")"  # the same ports: scrapers and scripts keep them
  wait_ready "$name"
}

case "${1:-}" in
  up) shift; cmd_up "$@" ;;
  down) cmd_down ;;
  reset) cmd_reset ;;
  status) cmd_status ;;
  kill)  # several names: all checked first, then killed back to back (a crash of the whole platform)
    shift; need_node "${1:-}"; for name in "$@"; do need_node "$name"; done
    for name in "$@"; do signal_node KILL "$name"; done
    say "$* killed (SIGKILL)" ;;
  stop)
    need_node "${2:-}"; signal_node STOP "$2"
    if [ "$2" = postgres ]; then say "postgres paused (SIGSTOP, server and backends): queries hang until cont"
    else say "$2 paused (SIGSTOP): it looks hung to the cluster"; fi ;;
  cont) need_node "${2:-}"; signal_node CONT "$2"; say "$2 resumed (SIGCONT)" ;;
  restart) need_node "${2:-}"; cmd_restart "$2" ;;
  token) shift; cmd_token "$@" ;;
  partition) shift; netns_partition "$@" ;;
  cut) shift; netns_cut "$@" ;;
  heal) netns_heal ;;
  *) say "usage: infra/local-cluster.sh up [--netns]|down|reset|status|kill NAME...|stop NAME|cont NAME|restart NAME|partition NAME...|cut FROM TO|heal|token [--sub S] [--scope \"A B\"] [--ttl N]"; exit 2 ;;
esac

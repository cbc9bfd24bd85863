#!/usr/bin/env bash
# The whole platform as separate JVMs on this machine: 1 gateway, ORDER_INSTANCES order-service and
# INVENTORY_INSTANCES inventory-service nodes, all members of one Hazelcast cluster on 127.0.0.1.
#
#   infra/local-cluster.sh up | down | status | kill NAME | stop NAME | cont NAME | restart NAME
#
# Needs only a JDK 17 and Maven. Logs, pid and port files live in .run/ (RUN_DIR to change).
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
# Sized for a small machine: bounded heap, metaspace, code cache and thread stacks keep an idle node small.
JAVA_OPTS=${JAVA_OPTS:-"-Xms32m -Xmx192m -XX:MaxMetaspaceSize=96m -XX:ReservedCodeCacheSize=64m -Xss512k -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError"}
HAZELCAST_OPTS="--add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.management/sun.management=ALL-UNNAMED --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED"
VERSION=1.0.0-SNAPSHOT

say() { printf '%s\n' "$*"; }
die() { printf 'local-cluster: %s\n' "$*" >&2; exit 1; }

module_of() {
  case "$1" in
    gateway) echo gateway ;;
    order-*) echo order-service ;;
    inventory-*) echo inventory-service ;;
    *) die "unknown node '$1' (gateway, order-N, inventory-N)" ;;
  esac
}

jar_of() { echo "$ROOT/$1/target/$1-$VERSION-fat.jar"; }

all_nodes() {
  local i
  for ((i = 1; i <= INVENTORY_INSTANCES; i++)); do echo "inventory-$i"; done
  for ((i = 1; i <= ORDER_INSTANCES; i++)); do echo "order-$i"; done
  echo gateway
}

known_nodes() { ls "$RUN_DIR"/*.pid 2>/dev/null | xargs -r -n1 basename | sed 's/\.pid$//' | sort -V; }

pid_of() { cat "$RUN_DIR/$1.pid" 2>/dev/null || true; }
port_of() { cat "$RUN_DIR/$1.port" 2>/dev/null || true; }
# A killed node whose parent is gone may linger as a zombie until init reaps it: that counts as dead.
alive() {
  local pid state
  pid=$(pid_of "$1")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  state=$(ps -o stat= -p "$pid" 2>/dev/null | cut -c1)
  [ -n "$state" ] && [ "$state" != Z ]
}

# Status code of GET path on 127.0.0.1:port, or 000; plain bash, no curl needed.
http_status() {
  local port=$1 path=$2
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port && printf 'GET $path HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3 && head -1 <&3" 2>/dev/null \
    | awk '{print $2}' | grep -E '^[0-9]{3}$' || echo 000
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Below Linux's ephemeral range (32768-60999), so an outgoing connection cannot take the port before the node binds it.
free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 12000))
    if port_free "$port" && ! grep -qx "$port" "$RUN_DIR"/*.port 2>/dev/null; then echo "$port"; return; fi
  done
  die "no free port found"
}

build_if_stale() {
  [ "${SKIP_BUILD:-0}" = 1 ] && return  # the caller (a test in the Maven build) has just packaged them
  local module jar stale=()
  for module in gateway order-service inventory-service; do
    jar=$(jar_of "$module")
    if [ ! -f "$jar" ] || [ -n "$(find "$ROOT/$module/src" "$ROOT/shared/src/main" "$ROOT/pom.xml" "$ROOT/$module/pom.xml" \
        -newer "$jar" -type f 2>/dev/null | head -1)" ]; then
      stale+=("$module")
    fi
  done
  if [ ${#stale[@]} -gt 0 ]; then
    say "Building fat jars (${stale[*]} missing or stale): mvn -B -q -DskipTests package"
    (cd "$ROOT" && mvn -B -q -DskipTests package -pl gateway,order-service,inventory-service -am) \
      || die "build failed"
  fi
}

# Class-data sharing: the first node of each module writes an archive of the classes it loaded when it exits
# (down); later starts map it instead of loading and verifying those classes again (~30 % faster start-up).
# An archive older than its jar is stale and written anew.
cds_opts() {
  local name=$1 module=$2 jar=$3 archive="$RUN_DIR/cds/$2.jsa"
  [ "${CDS:-1}" = 1 ] || return 0
  mkdir -p "$RUN_DIR/cds"
  if [ -f "$archive" ] && [ "$archive" -nt "$jar" ]; then
    echo "-XX:SharedArchiveFile=$archive -Xlog:cds=off -Xlog:cds+dynamic=off"
  elif [[ $name == gateway || $name == *-1 ]]; then
    rm -f "$archive"
    echo "-XX:ArchiveClassesAtExit=$archive -Xlog:cds=off -Xlog:cds+dynamic=off"
  fi
}

start_node() {
  local name=$1 port=$2 module jar
  module=$(module_of "$name")
  jar=$(jar_of "$module")
  [ -f "$jar" ] || die "missing $jar (run: infra/local-cluster.sh up)"
  echo "$port" >"$RUN_DIR/$name.port"
  # setsid: the node gets its own session, so Ctrl-C in this shell does not reach it.
  HTTP_PORT=$port GATEWAY_PORT=$port NODE_NAME=$name \
    setsid java $JAVA_OPTS $HAZELCAST_OPTS $(cds_opts "$name" "$module" "$jar") -jar "$jar" >"$RUN_DIR/$name.log" 2>&1 </dev/null &
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
      if [ "$(http_status "$(port_of "$name")" /health/ready)" = 200 ]; then
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

cmd_up() {
  mkdir -p "$RUN_DIR"
  local running=() name
  for name in $(known_nodes); do alive "$name" && running+=("$name"); done
  [ ${#running[@]} -eq 0 ] || die "already running: ${running[*]} (infra/local-cluster.sh down first)"
  rm -f "$RUN_DIR"/*.pid "$RUN_DIR"/*.port "$RUN_DIR"/*.started
  port_free "$GATEWAY_PORT" || die "GATEWAY_PORT $GATEWAY_PORT is in use"
  build_if_stale
  local begin name rest=()
  begin=$(date +%s%N)
  say "Starting cluster '$CLUSTER_NAME' (members $CLUSTER_MEMBERS)"
  # One node at a time: the first forms the cluster, each next one joins a settled cluster. On a small machine
  # parallel starts compete for the CPU (measured on 2 cores: ~10 s per joiner in parallel, ~3 s one by one),
  # and parallel founders would each form a cluster and merge later.
  for name in $(all_nodes); do
    if [ "$name" = gateway ]; then start_node gateway "$GATEWAY_PORT"; else start_node "$name" "$(free_port)"; fi
    wait_ready "$name"
    rest+=("$name")
  done
  say "All ${#rest[@]} nodes ready in $(( ($(date +%s%N) - begin) / 1000000 )) ms."
  say "Gateway: http://127.0.0.1:$GATEWAY_PORT   (try: curl -s http://127.0.0.1:$GATEWAY_PORT/admin/instances)"
}

stop_pids() {
  local signal=$1; shift
  local name
  for name in "$@"; do alive "$name" && kill "-$signal" "$(pid_of "$name")" 2>/dev/null || true; done
}

cmd_down() {
  local nodes=() name deadline
  for name in $(known_nodes); do alive "$name" && nodes+=("$name"); done
  if [ ${#nodes[@]} -eq 0 ]; then say "Nothing running."; return; fi
  say "Stopping ${nodes[*]} (SIGTERM: unpublish, drain, leave)"
  stop_pids CONT "${nodes[@]}"  # a paused JVM cannot run its shutdown hook
  stop_pids TERM "${nodes[@]}"
  deadline=$(( $(date +%s) + 30 ))
  for name in "${nodes[@]}"; do
    while alive "$name" && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.1; done
    if alive "$name"; then say "  $name did not stop in time: SIGKILL"; stop_pids KILL "$name"; fi
  done
  rm -f "$RUN_DIR"/*.pid
  say "Stopped."
}

cmd_status() {
  printf '%-12s %-8s %-6s %s\n' NODE PID PORT READY
  local name state
  for name in $(known_nodes); do
    if ! alive "$name"; then state=dead
    elif [ "$(ps -o stat= -p "$(pid_of "$name")" | cut -c1)" = T ]; then state=stopped
    elif [ "$(http_status "$(port_of "$name")" /health/ready)" = 200 ]; then state=yes
    else state=no; fi
    printf '%-12s %-8s %-6s %s\n' "$name" "$(pid_of "$name")" "$(port_of "$name")" "$state"
  done
}

need_node() {
  [ -n "${1:-}" ] || die "which node? (see: infra/local-cluster.sh status)"
  [ -f "$RUN_DIR/$1.pid" ] || die "unknown node '$1' (see: infra/local-cluster.sh status)"
}

cmd_restart() {
  local name=$1
  if alive "$name"; then
    stop_pids CONT "$name"; stop_pids TERM "$name"
    local deadline=$(( $(date +%s) + 30 ))
    while alive "$name" && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.1; done
    alive "$name" && stop_pids KILL "$name"
  fi
  mv -f "$RUN_DIR/$name.log" "$RUN_DIR/$name.log.1" 2>/dev/null || true
  start_node "$name" "$(port_of "$name")"
  wait_ready "$name"
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  kill) need_node "${2:-}"; stop_pids KILL "$2"; say "$2 killed (SIGKILL)" ;;
  stop) need_node "${2:-}"; stop_pids STOP "$2"; say "$2 paused (SIGSTOP): it looks hung to the cluster" ;;
  cont) need_node "${2:-}"; stop_pids CONT "$2"; say "$2 resumed (SIGCONT)" ;;
  restart) need_node "${2:-}"; cmd_restart "$2" ;;
  *) say "usage: infra/local-cluster.sh up|down|status|kill NAME|stop NAME|cont NAME|restart NAME"; exit 2 ;;
esac

# Functions shared by the benchmark scripts (sourced, not run): JVMs on loopback, free ports, waiting, wrk, a
# PostgreSQL server, key pairs and tokens.
# The sourcing script sets RUN_DIR, JAVA_OPTS and an empty PIDS=() array before using them.

HAZELCAST_OPTS="--add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.management/sun.management=ALL-UNNAMED --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED"
TAKEN=()

say() { printf '%s\n' "$*"; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

# Every JVM the script started is stopped when it exits, however it exits; then its database, if it started one.
stop_jvms_on_exit() {
  trap 'stop_jvms; stop_postgres; say "logs kept in $RUN_DIR"' EXIT
}

stop_jvms() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  done
  PIDS=()
}

ensure_wrk() {
  command -v wrk >/dev/null && return
  say "installing wrk from Debian's packages"
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends wrk >/dev/null
  command -v wrk >/dev/null || die "wrk could not be installed"
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 30000))
    if port_free "$port" && [[ " ${TAKEN[*]:-} " != *" $port "* ]]; then TAKEN+=("$port"); echo "$port"; return; fi
  done
  die "no free port found"
}

http_body() { curl -fsS --max-time 2 "http://127.0.0.1:$1$2" 2>/dev/null || true; }

wait_until() { # what, seconds, command...
  local what=$1 seconds=$2; shift 2
  for _ in $(seq 1 $((seconds * 5))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  die "timed out after ${seconds}s waiting until $what"
}

start_jvm() { # name, classpath, main class, env... (JVM flags: $JAVA_OPTS, and $EXTRA_JAVA_OPTS when set)
  local name=$1 cp=$2 main=$3; shift 3
  # shellcheck disable=SC2086
  env "$@" java $JAVA_OPTS ${EXTRA_JAVA_OPTS:-} $HAZELCAST_OPTS -cp "$cp" "$main" >"$RUN_DIR/$name.log" 2>&1 &
  PIDS+=($!)
}

# Environment of a throw-away cluster of $1 members on loopback: prints CLUSTER_* assignments, one per line,
# then the members' ports (CLUSTER_PORT of member i is the i-th of those).
cluster_env() {
  local ports=() i
  for i in $(seq 1 "$1"); do ports+=("$(free_port)"); done
  local members
  members=$(printf '127.0.0.1:%s,' "${ports[@]}")
  echo "CLUSTER_NAME=bench-$$-$RANDOM CLUSTER_HOST=127.0.0.1 CLUSTER_PORT_COUNT=1 CLUSTER_MEMBERS=${members%,}"
  echo "${ports[*]}"
}

# --- PostgreSQL: the services' database of record -----------------------------------------------------------------
PG_PID=
PG_DIR=
DATABASE_ENV=()

# A real server from dev-database's fat jar ($1) with an empty data directory under $2, on a free port; waits until it
# takes connections and sets DATABASE_ENV, the three variables every service node gets. Stopped by stop_postgres
# (stop_jvms_on_exit: after the nodes, whose shutdown may still write to it).
start_postgres() {
  local jar=$1 port
  PG_DIR=$2
  port=$(free_port)
  rm -rf "$PG_DIR"
  mkdir -p "$PG_DIR"
  PG_PORT=$port PG_DATA_DIR="$PG_DIR/data" java -Xms16m -Xmx192m -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError \
    -jar "$jar" >"$RUN_DIR/postgres.log" 2>&1 &
  PG_PID=$!
  wait_until "PostgreSQL is ready (log: $RUN_DIR/postgres.log)" 120 grep -q 'PostgreSQL ready on' "$RUN_DIR/postgres.log"
  DATABASE_ENV=(DATABASE_URL="jdbc:postgresql://127.0.0.1:$port/postgres" DATABASE_USER=postgres DATABASE_PASSWORD=)
}

# SIGTERM to the wrapper, which stops the server (pg_ctl stop) and exits once it is gone; a server left behind by a
# wrapper that did not (its postmaster, from postmaster.pid) gets SIGINT, PostgreSQL's fast shutdown.
stop_postgres() {
  [ -n "$PG_PID" ] || return 0
  local postmaster
  postmaster=$(head -1 "$PG_DIR/data/postmaster.pid" 2>/dev/null || true)
  kill "$PG_PID" 2>/dev/null || true
  for _ in $(seq 1 150); do kill -0 "$PG_PID" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$PG_PID" 2>/dev/null || true
  if [[ $postmaster =~ ^[0-9]+$ ]] && [[ $(ps -o comm= -p "$postmaster" 2>/dev/null) == *postgres* ]]; then
    kill -INT "$postmaster" 2>/dev/null || true
  fi
  PG_PID=
}

# --- tokens: every service verifies bearer JWTs -------------------------------------------------------------------
# What a script that places orders for many customers or restocks asks for (admin acts for any customer).
OPERATOR_SCOPES="orders:write orders:read inventory:admin admin"

# The run's own RS256 key pair in DIR (made if absent) with TokenTool of any service fat jar: jar, dir. Prints the
# public key file, what every node it starts gets as JWT_PUBLIC_KEY_FILE.
bench_keys() { java -cp "$1" dev.vxplatform.shared.security.TokenTool keys "$2"; }

# A token signed with the pair in DIR: jar, dir, then TokenTool's --sub, --scope, --ttl. A secret: keep it in a
# variable and hand it to a JVM through its environment (a command line shows in ps), never echo it.
bench_token() {
  local jar=$1 dir=$2
  shift 2
  java -cp "$jar" dev.vxplatform.shared.security.TokenTool token "$dir" "$@"
}

# Whether the gateway whose management port is $1 (MANAGEMENT_PORT: /admin/* is not on the public port) routes to
# $2 instances of bench-service.
routes_to() { [ "$(http_body "$1" /admin/instances | grep -o '"service":"bench-service"' | wc -l)" = "$2" ]; }

# CPU time (user + system, clock ticks, every thread) of one process, from /proc.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# wrk --latency output on stdin → "rps p50 p99" (latencies as wrk prints them, e.g. 1.23ms)
wrk_summary() { awk '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} END {print rps, p50, p99}'; }

# A local cluster of the calling script's own (infra/local-cluster.sh under its own run directory, cluster name,
# Hazelcast ports and gateway port; none of the caller's cluster, database or key settings), brought down when the
# script exits however it exits. The database's files always go; the run directory goes too once the script set
# RUN_OK=1, else its logs stay. $1: the script's name, for the directory, the cluster name and messages.
own_cluster() {
  OWN_CLUSTER_OF=$1
  export RUN_DIR CLUSTER_NAME CLUSTER_PORT CLUSTER_PORT_COUNT=10 GATEWAY_PORT CDS=0
  RUN_DIR=$(mktemp -d "/tmp/$1.XXXXXX")
  CLUSTER_NAME="$1-$$-$RANDOM"
  CLUSTER_PORT=$((6000 + (RANDOM % 300) * 10))
  GATEWAY_PORT=$(free_port)
  unset CLUSTER_MEMBERS CLUSTER_MIN_SIZE CP_MEMBER_COUNT DATABASE_URL DATABASE_USER DATABASE_PASSWORD JWT_PUBLIC_KEY_FILE JWT_JWKS_URL
  trap own_cluster_down EXIT
}

# down resumes paused nodes before stopping them.
own_cluster_down() {
  "$(dirname "${BASH_SOURCE[0]}")/local-cluster.sh" down >>"$RUN_DIR/down.log" 2>&1 || true
  rm -rf "$RUN_DIR/postgres/data"
  if [ "${RUN_OK:-0}" = 1 ]; then rm -rf "$RUN_DIR"; else echo "$OWN_CLUSTER_OF: logs kept in $RUN_DIR" >&2; fi
}

# --- the load-tests benchmarks' build ------------------------------------------------------------------------------
BENCH_CLASSPATH_FILE=target/bench.classpath

# With BUILD=1 (the default): packages load-tests and what it needs, plus the modules named ($@, e.g. dev-database),
# and writes load-tests' test classpath to load-tests/$BENCH_CLASSPATH_FILE. With BUILD=0: writes only that file, if
# it is missing. Needs ROOT and RUN_DIR; Maven's output goes to $RUN_DIR/build.out.
bench_build() {
  local modules plugin=org.apache.maven.plugins:maven-dependency-plugin:3.8.1
  modules=$(IFS=,; echo "load-tests${*:+,$*}")
  if [ "${BUILD:-1}" = 1 ]; then
    say "building: mvn -B -q -DskipTests package ($modules and what they need)"
    (cd "$ROOT" && mvn -B -q -DskipTests package "$plugin:build-classpath" -DincludeScope=test \
      -Dmdep.outputFile="$BENCH_CLASSPATH_FILE" -pl "$modules" -am) >"$RUN_DIR/build.out" 2>&1 \
      || die "build failed, see $RUN_DIR/build.out"
  elif [ ! -f "$ROOT/load-tests/$BENCH_CLASSPATH_FILE" ]; then
    (cd "$ROOT" && mvn -B -q -o "$plugin:build-classpath" -DincludeScope=test \
      -Dmdep.outputFile="$BENCH_CLASSPATH_FILE" -pl load-tests) >"$RUN_DIR/build.out" 2>&1 \
      || die "no classpath for the load generators, see $RUN_DIR/build.out"
  fi
}

# Copies load-tests' test classes (the load generators) to $1, so that a build elsewhere in the tree cannot swap
# classes under a running benchmark; prints the classpath that runs them from there.
bench_generator_classpath() {
  cp -r "$ROOT/load-tests/target/test-classes" "$1"
  echo "$1:$(cat "$ROOT/load-tests/$BENCH_CLASSPATH_FILE")"
}

# Copies the gateway's fat jar and test classes (BenchBackend) and the load generators to $RUN_DIR/app, so a build
# elsewhere in the tree cannot swap them under a running benchmark. Sets GATEWAY_CP, LOAD_CP and PUBLIC_KEY (the
# public key file of a key pair of this run's, in $RUN_DIR/keys).
bench_copy_gateway() {
  mkdir -p "$RUN_DIR/app"
  cp "$ROOT/gateway/target/gateway-1.0.0-SNAPSHOT-fat.jar" "$RUN_DIR/app/gateway.jar"
  cp -r "$ROOT/gateway/target/test-classes" "$RUN_DIR/app/gateway-test-classes"
  GATEWAY_CP="$RUN_DIR/app/gateway.jar:$RUN_DIR/app/gateway-test-classes"
  LOAD_CP=$(bench_generator_classpath "$RUN_DIR/app/load-tests-test-classes")
  PUBLIC_KEY=$(bench_keys "$RUN_DIR/app/gateway.jar" "$RUN_DIR/keys") || die "TokenTool could not make a key pair"
}

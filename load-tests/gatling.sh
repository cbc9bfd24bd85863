#!/usr/bin/env bash
# Runs one Gatling simulation against the platform. If nothing answers at the base URL and it is a loopback
# address, starts the local cluster there first (infra/local-cluster.sh up) and stops it again at the end.
#
#   load-tests/gatling.sh Mixed                                  # BrowseCatalog, PlaceOrders, Mixed, FixedRateGet
#   load-tests/gatling.sh PlaceOrders -Drate=20 -Dduration=120 -Dp99Ms=250
#   load-tests/gatling.sh BrowseCatalog -DbaseUrl=http://127.0.0.1:9090
#
# Properties: baseUrl (http://127.0.0.1:8080), rate (users/s), rampUp (10 s), duration (60 s), p99Ms (100),
# maxFailedPercent (0.1); see load-tests/README.md. Exit code: Gatling's (0 when every assertion held).
# Every request carries the bearer token in TOKEN; unset, it is an operator's from infra/local-cluster.sh token
# (the shoppers' orders name many customers, which only the admin scope may do).
# The HTML report goes to load-tests/target/gatling/<simulation>-<time>/index.html; its path is printed last.
# BUILD=0 skips building (the jars, classes and load-tests/target/gatling.classpath must exist).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CLASSPATH_FILE=target/gatling.classpath
DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1
GATLING_OPTS=(-Xms128m -Xmx1g -XX:+UseParallelGC -XX:MaxInlineLevel=20 -XX:MaxTrivialSize=12
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED
  -Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener)

[ $# -ge 1 ] || { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
SIMULATION=$1; shift
case "$SIMULATION" in *.*) ;; *) SIMULATION=dev.vxplatform.loadtests.gatling.$SIMULATION ;; esac
BASE_URL=http://127.0.0.1:8080
for arg in "$@"; do case "$arg" in -DbaseUrl=*) BASE_URL=${arg#-DbaseUrl=} ;; esac; done

cd "$ROOT"
if [ "${BUILD:-1}" = 1 ]; then
  echo "Building (mvn -B -q -DskipTests package -pl load-tests -am): the simulations and the services' fat jars"
  mvn -B -q -DskipTests package "$DEPENDENCY_PLUGIN:build-classpath" -DincludeScope=test \
    -Dmdep.outputFile="$CLASSPATH_FILE" -pl load-tests -am
fi
[ -f "load-tests/$CLASSPATH_FILE" ] || { echo "load-tests/$CLASSPATH_FILE missing: run with BUILD=1" >&2; exit 2; }

if ! curl -fs -m 3 -o /dev/null "$BASE_URL/health/ready"; then
  hostport=${BASE_URL#*://}; hostport=${hostport%%/*}
  case "${hostport%:*}" in
    127.0.0.1|localhost) ;;
    *) echo "Nothing ready at $BASE_URL, and it is not on this machine: not starting anything" >&2; exit 2 ;;
  esac
  port=80
  [ "$hostport" != "${hostport%:*}" ] && port=${hostport##*:}
  echo "Nothing ready at $BASE_URL: starting the local cluster (infra/local-cluster.sh up, gateway on $port)"
  export GATEWAY_PORT=$port
  # One token stands for every simulated shopper: the gateway's per-caller limits would refuse the load itself.
  export GATEWAY_RATE_READS_PER_SECOND=${GATEWAY_RATE_READS_PER_SECOND:-0}
  export GATEWAY_RATE_WRITES_PER_SECOND=${GATEWAY_RATE_WRITES_PER_SECOND:-0}
  trap 'echo "Stopping the cluster this script started (infra/local-cluster.sh down)"; infra/local-cluster.sh down' EXIT
  SKIP_BUILD=1 infra/local-cluster.sh up  # built above (or BUILD=0: use the jars as they are)
fi

if [ -z "${TOKEN:-}" ]; then
  TOKEN=$(infra/local-cluster.sh token --sub gatling --scope "orders:write orders:read inventory:admin admin" \
    --ttl 86400) || { echo "No token: set TOKEN to one that the platform at $BASE_URL accepts" >&2; exit 2; }
fi
export TOKEN

set +e
java "${GATLING_OPTS[@]}" -cp "load-tests/target/test-classes:load-tests/target/classes:$(cat "load-tests/$CLASSPATH_FILE")" \
  "$@" io.gatling.app.Gatling -s "$SIMULATION" -rf load-tests/target/gatling
status=$?
set -e
report=$(ls -td load-tests/target/gatling/*/ 2>/dev/null | head -1)
[ -n "$report" ] && [ -f "$report/index.html" ] && echo "HTML report: $ROOT/${report}index.html"
exit "$status"

#!/usr/bin/env bash
# The availability check: the whole platform as real JVMs (infra/local-cluster.sh, a cluster of its own), a
# recorded workload through the gateway, kill -9 / kill -STOP / graceful restarts one at a time, then the history
# is checked against the final state. Report in load-tests/results/<run>/ (report.md, report.json, history.jsonl,
# cluster/ with every node's log). Exit code: 0 pass, 1 a violation or a failed request, 2 the check could not run.
#
#   load-tests/failover-check.sh --quick          # ~2 min: kill -9 of an inventory and an order node, SIGSTOP of the other (mvn verify)
#   load-tests/failover-check.sh --full           # ~6 minutes: every fault, network cuts included (root)
#   load-tests/failover-check.sh --partition      # ~3 minutes, as root: a member cut off, a 2 | 3 split with the
#                                                 # gateway on the majority's side, then on the minority's (netns)
#   load-tests/failover-check.sh --full --results /tmp/failover
#
# BUILD=0 skips packaging the services and the check (their jars and classes must exist).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CLASSPATH_FILE=target/failover-check.classpath
DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1

cd "$ROOT"
if [ "${BUILD:-1}" = 1 ]; then
  echo "Packaging the services' fat jars and the check (mvn -B -q -DskipTests package -pl load-tests -am)"
  mvn -B -q -DskipTests package "$DEPENDENCY_PLUGIN:build-classpath" -DincludeScope=runtime \
    -Dmdep.outputFile="$CLASSPATH_FILE" -pl load-tests -am
elif [ ! -f "load-tests/$CLASSPATH_FILE" ] || [ load-tests/pom.xml -nt "load-tests/$CLASSPATH_FILE" ] \
    || [ ! -d load-tests/target/classes/dev ]; then
  mvn -B -q -o compile "$DEPENDENCY_PLUGIN:build-classpath" -DincludeScope=runtime \
    -Dmdep.outputFile="$CLASSPATH_FILE" -pl load-tests
fi

# exec: Ctrl-C and SIGTERM reach the JVM, whose shutdown hook stops every node it started.
exec java -Xmx256m -cp "load-tests/target/classes:$(cat "load-tests/$CLASSPATH_FILE")" -Dvxplatform.root="$ROOT" \
  -Dlogback.configurationFile=dev/vxplatform/loadtests/failover/logback.xml \
  dev.vxplatform.loadtests.failover.FailoverCheck "$@"

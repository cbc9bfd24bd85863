#!/usr/bin/env bash
# CPU and allocation of one stock mutation (StockMutation, as the partition owner and each backup run it) as a sku's
# holds pile up: 0, 1,000, 10,000 and 50,000 reserved holds on one sku. One JVM, no cluster, bounded (PAIRS hold +
# unhold pairs per size, at most MAX_SECONDS).
#
#   inventory-service/bench/bench-stock-mutation.sh           # PAIRS=20000 SIZES="0 1000 10000 50000"
#   JAR=/elsewhere/inventory-service-1.0.0-SNAPSHOT-fat.jar inventory-service/bench/bench-stock-mutation.sh  # A/B
#
# Prints one line per size: "holds=N mutations=M ns_per_mutation=T bytes_per_mutation=B".
set -euo pipefail

MODULE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROOT=$(cd "$MODULE/.." && pwd)
JAR=${JAR:-"$MODULE/target/inventory-service-1.0.0-SNAPSHOT-fat.jar"}
PAIRS=${PAIRS:-20000}
SIZES=${SIZES:-"0 1000 10000 50000"}
MAX_SECONDS=${MAX_SECONDS:-300}
(( PAIRS > 0 && PAIRS <= 1000000 )) || { echo "PAIRS must be 1..1000000" >&2; exit 2; }

if [[ ! -f "$JAR" || ${BUILD:-0} == 1 ]]; then
  (cd "$ROOT" && mvn -B -o -q package -DskipTests -pl inventory-service -am)
fi
# shellcheck disable=SC2086
timeout "$MAX_SECONDS" java -Xms512m -Xmx512m -XX:+UseSerialGC -cp "$JAR" "$MODULE/bench/StockMutationBench.java" \
  "$PAIRS" $SIZES

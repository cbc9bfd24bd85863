#!/usr/bin/env bash
# Starts one service in its container: sets the container's own address for Hazelcast and the event bus,
# expands service names in the join list into their replicas' addresses, then runs the fat jar.
#
# With an argument it runs instead the TokenTool of the shared classes in this image's jar, on the local RS256 key
# pair in JWT_KEY_DIR (default /keys: where docker-compose.yml mounts the jwt-keys volume):
#   entrypoint.sh keys   makes the pair if absent, prints the public key file (the compose file's one-shot keys service)
#   entrypoint.sh token [--sub ada] [--scope "orders:write orders:read"] [--ttl 3600]
#                        prints a token signed with the pair and nothing else, so this works:
#                        TOKEN=$(docker compose -f infra/docker-compose.yml run --rm -T keys token)
set -euo pipefail

case "${1:-}" in
  "") ;;
  keys | token)
    command=$1
    shift
    # shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
    exec java ${JAVA_OPTS:-} -cp "${APP_JAR:-/app/app.jar}" dev.vxplatform.shared.security.TokenTool \
      "$command" "${JWT_KEY_DIR:-/keys}" "$@" ;;
  *)
    echo "entrypoint: unknown command '$1': none (the service), keys," \
      "or token [--sub S] [--scope \"A B\"] [--ttl SECONDS]" >&2
    exit 2 ;;
esac

# Hazelcast and the event bus bind and announce CLUSTER_HOST, and discovery records carry it (PUBLIC_HOST
# defaults to it): in a container that is the address on the compose network, never 127.0.0.1.
if [ -z "${CLUSTER_HOST:-}" ]; then
  CLUSTER_HOST=$(hostname -i 2>/dev/null | awk '{print $1}' || true)
  [ -n "$CLUSTER_HOST" ] || CLUSTER_HOST=$(getent ahostsv4 "$(cat /etc/hostname)" | awk 'NR == 1 {print $1}')
  [ -n "$CLUSTER_HOST" ] || { echo "entrypoint: cannot tell this container's address; set CLUSTER_HOST" >&2; exit 1; }
  export CLUSTER_HOST
fi

# "inventory-service:5701" becomes every address the name has now, then the name itself. Docker's DNS answers
# a service name with all its replicas, but Hazelcast resolves a member name to one address, so replicas that
# start together could each found a cluster of their own. The name stays in the list: Hazelcast resolves it
# again at each join and split-brain check, which finds replicas started after this one.
expand_members() {
  local entries entry host rest ip out=()
  IFS=',' read -ra entries <<<"$1"
  for entry in "${entries[@]}"; do
    entry=${entry//[[:space:]]/}
    [ -n "$entry" ] || continue
    host=${entry%%:*}
    rest=${entry#"$host"}
    if [[ ! $host =~ ^[0-9.]+$ ]]; then
      for ip in $(getent ahostsv4 "$host" 2>/dev/null | awk '{print $1}' | sort -u); do
        out+=("$ip$rest")
      done
    fi
    out+=("$entry")
  done
  local IFS=,
  echo "${out[*]}"
}
if [ -n "${CLUSTER_MEMBERS:-}" ]; then
  CLUSTER_MEMBERS=$(expand_members "$CLUSTER_MEMBERS")
  export CLUSTER_MEMBERS
fi

# The module access Hazelcast asks for on Java 17 (the same flags as infra/local-cluster.sh).
HAZELCAST_OPTS="--add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.management/sun.management=ALL-UNNAMED --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED"

echo "${MODULE:-service}: cluster host ${CLUSTER_HOST}, members ${CLUSTER_MEMBERS:-default}"
# exec: the JVM becomes PID 1's process, so 'docker stop' (SIGTERM) reaches its graceful shutdown hook.
# shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
exec java ${JAVA_OPTS:-} $HAZELCAST_OPTS -jar "${APP_JAR:-/app/app.jar}"

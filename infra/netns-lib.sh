# Hosts that can be cut apart, for infra/local-cluster.sh (sourced; needs RUN_DIR, say, die): with `up --netns` every
# service node runs in a network namespace of its own, with an address of its own on a private /24, joined to the
# others by a veth pair into one bridge. The nodes join the Hazelcast cluster by those addresses, as they would across
# machines. The root namespace keeps .1 on that bridge: the database listens there too, and the load client and
# scripts reach every node (and the gateway's public port) at the node's address (RUN_DIR/NAME.host).
#
#   partition NAME...   moves the named nodes onto a second bridge: they still reach each other but no other node
#                       (a cut cable: packets are dropped, nothing is refused). The root namespace is on both
#                       bridges, so the database and a client reach both sides, as a database on a network of its
#                       own would: the side that must not write is told so by the split-brain protection alone.
#   cut FROM TO         FROM can no longer reach TO, everyone else is fine (a blackhole route in FROM's namespace: its
#                       packets to TO are dropped, so no TCP connection between the two completes either way, while
#                       both still reach every other node: a partial partition, the connectivity is not transitive).
#   heal                moves every node back onto the first bridge and removes every cut.
#
# Needs root and iproute2 (installed from Debian's packages when missing). down removes the namespaces and bridges.

NETNS_FILE=$RUN_DIR/netns.on

netns_on() { [ -f "$NETNS_FILE" ]; }

# One /24 and one set of names per RUN_DIR, so two clusters of this machine (a test and a benchmark) never share them.
netns_sum() { printf '%s' "$RUN_DIR" | cksum | cut -d' ' -f1; }
netns_id() { printf '%04x' $(( $(netns_sum) % 65536 )); }
netns_subnet() { cat "$NETNS_FILE"; }
netns_name() { echo "vx$(netns_id)-$1"; }
netns_bridge() { echo "vx$(netns_id)b$1"; }  # a: everyone's; b: the cut-off side
netns_veth() { echo "vx$(netns_id)h$(netns_octet "$1")"; }  # the node's end in the root namespace

# The node's last address byte: the gateway .2, inventory-N .10+N, order-N .30+N (.1 and .254: the root namespace).
netns_octet() {
  case "$1" in
    gateway) echo 2 ;;
    inventory-*) echo $((10 + ${1#inventory-})) ;;
    order-*) echo $((30 + ${1#order-})) ;;
    *) die "no address for node '$1'" ;;
  esac
}

# Where the root namespace reaches a node: its own address with --netns, else loopback.
host_of() {
  if netns_on && [ "$1" != postgres ]; then echo "$(netns_subnet).$(netns_octet "$1")"; else echo 127.0.0.1; fi
}

# What the database listens on, and the address the nodes reach it at.
netns_database_host() { if netns_on; then echo "$(netns_subnet).1"; else echo 127.0.0.1; fi; }

netns_need_tools() {
  [ "$(id -u)" = 0 ] || die "--netns needs root (it creates network namespaces, veth pairs and bridges)"
  if ! command -v ip >/dev/null; then
    say "Installing iproute2 (ip): apt-get install -y --no-install-recommends iproute2"
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends iproute2; } >/dev/null \
      || die "could not install iproute2; install it, or run without --netns"
  fi
}

# The two bridges (the second empty until a partition) and the root namespace's addresses on them.
netns_setup() {
  netns_need_tools
  local subnet="10.213.$(( $(netns_sum) % 200 + 20 ))"
  echo "$subnet" >"$NETNS_FILE"
  netns_teardown quiet
  ip link add "$(netns_bridge a)" type bridge
  ip link add "$(netns_bridge b)" type bridge
  # One fixed MAC for both bridges: a node keeps the root namespace's MAC in its ARP cache when its veth moves from one
  # bridge to the other (partition, heal), and a bridge takes frames for itself only if they carry its own MAC. With
  # a MAC per bridge (or a bridge's default, the lowest MAC of its ports) every moved node lost the database until
  # its ARP entry went stale: pools empty for up to a minute after a heal, measured with a probe while moving a veth.
  local id mac
  id=$(netns_id)
  mac="02:76:78:${id:0:2}:${id:2:2}:01"
  ip link set "$(netns_bridge a)" address "$mac"
  ip link set "$(netns_bridge b)" address "$mac"
  ip addr add "$subnet.1/24" dev "$(netns_bridge a)"
  ip addr add "$subnet.254/32" dev "$(netns_bridge b)"
  ip link set "$(netns_bridge a)" up
  ip link set "$(netns_bridge b)" up
  say "Network namespaces: one per node on $subnet.0/24 (bridge $(netns_bridge a); root namespace $subnet.1)"
}

# The node's namespace, its veth pair (eth0 inside) and its address, unless they exist (restart).
netns_add_node() {
  local name=$1 ns host subnet
  ns=$(netns_name "$name")
  host=$(netns_veth "$name")
  subnet=$(netns_subnet)
  ip netns list | grep -qw "^$ns" && return 0
  ip netns add "$ns"
  ip link add "$host" type veth peer name eth0 netns "$ns"
  ip link set "$host" master "$(netns_bridge a)" up
  ip -n "$ns" addr add "$subnet.$(netns_octet "$name")/24" dev eth0
  ip -n "$ns" link set lo up
  ip -n "$ns" link set eth0 up
}

# The command prefix that runs a node in its namespace (nothing without --netns).
netns_exec() {
  if netns_on && [ "$1" != postgres ]; then netns_add_node "$1"; echo "ip netns exec $(netns_name "$1")"; fi
}

# Every data member and the gateway, at their addresses: the TCP-IP join list of a node in a namespace.
netns_members() {
  local name list=()
  for name in $(all_nodes); do list+=("$(host_of "$name"):$CLUSTER_PORT"); done
  (IFS=,; echo "${list[*]}")
}

netns_partition() {
  netns_on || die "partition needs a cluster started with: up --netns"
  [ $# -gt 0 ] || die "which nodes? (partition NAME...: they are cut off from the other nodes)"
  local name
  for name in "$@"; do [ -f "$RUN_DIR/$name.pid" ] && [ "$name" != postgres ] || die "no service node '$name'"; done
  for name in "$@"; do
    ip link set "$(netns_veth "$name")" master "$(netns_bridge b)"
    ip route replace "$(host_of "$name")/32" dev "$(netns_bridge b)" src "$(netns_subnet).254"
  done
  say "$* cut off from the other nodes (heal to undo)"
}

netns_cut() {
  netns_on || die "cut needs a cluster started with: up --netns"
  [ $# -eq 2 ] && [ "$1" != "$2" ] || die "cut FROM TO: two different nodes (FROM can no longer reach TO)"
  local name
  for name in "$@"; do [ -f "$RUN_DIR/$name.pid" ] && [ "$name" != postgres ] || die "no service node '$name'"; done
  ip -n "$(netns_name "$1")" route replace blackhole "$(host_of "$2")/32"
  say "$1 can no longer reach $2; every other path is open (heal to undo)"
}

netns_heal() {
  netns_on || die "heal needs a cluster started with: up --netns"
  local name
  for name in $(all_nodes); do
    ip link show "$(netns_veth "$name")" >/dev/null 2>&1 || continue
    ip link set "$(netns_veth "$name")" master "$(netns_bridge a)"
    ip route del "$(host_of "$name")/32" 2>/dev/null || true
    ip -n "$(netns_name "$name")" route flush type blackhole 2>/dev/null || true
  done
  say "every node back on one network"
}

# Removes what netns_setup and netns_add_node made (deleting a namespace deletes its veth pair).
netns_teardown() {
  local ns
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^vx$(netns_id)-" || true); do ip netns del "$ns"; done
  ip link del "$(netns_bridge a)" 2>/dev/null || true
  ip link del "$(netns_bridge b)" 2>/dev/null || true
  [ "${1:-}" = quiet ] || rm -f "$NETNS_FILE"
}

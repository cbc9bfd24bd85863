package dev.vxplatform.loadtests.failover;

/** The faults a run can inject, one at a time, each followed by the node's recovery. */
enum Fault {
  /** SIGKILL an inventory node (a crash: its sockets close, noticed in well under a second), then start it again. */
  KILL_INVENTORY,
  /** SIGKILL an order-service node, then start it again. */
  KILL_ORDER,
  /** SIGSTOP an order-service node (a hung JVM or a lost host: only the heartbeat notices), SIGCONT it later. */
  STOP_ORDER,
  /** SIGKILL the order-service node that holds the reconciler's lock, then start it again. */
  KILL_RECONCILER,
  /** Graceful restart of every inventory and order-service node, one after the other. */
  ROLLING_RESTART,
  /**
   * SIGKILL every inventory and order-service JVM at once (the gateway and the database live on), then start them
   * all again: nothing is left in any member's memory, so every order and stock record comes back from the database.
   */
  KILL_ALL,
  /** SIGSTOP the database (server and backends) for the pause, then SIGCONT: it hangs, it does not refuse. */
  DATABASE_AWAY,
  /** A network cut (network namespaces): one data member cut off from every other node for 20 s, then joined again. */
  ISOLATE_MEMBER,
  /** A 2 | 3 split of the five data members for 20 s, the gateway on the side of the three. */
  SPLIT_GATEWAY_WITH_MAJORITY,
  /**
   * The same split with the gateway on the side of the two: once the minority has noticed, every write it is sent is
   * refused (503), and the client's retries are answered after the heal.
   */
  SPLIT_GATEWAY_WITH_MINORITY,
  /**
   * An asymmetric cut for 20 s: order-1 cannot reach inventory-1 (the oldest member, Hazelcast's master), and everyone
   * else, those two included, reaches everyone else. Not a split: both stay connected to the majority through the
   * others.
   */
  ONE_WAY_CUT;

  /** Whether the fault cuts the network: the run's nodes must then live in network namespaces of their own. */
  boolean cutsNetwork() {
    return this == ISOLATE_MEMBER || this == SPLIT_GATEWAY_WITH_MAJORITY || this == SPLIT_GATEWAY_WITH_MINORITY
        || this == ONE_WAY_CUT;
  }
}

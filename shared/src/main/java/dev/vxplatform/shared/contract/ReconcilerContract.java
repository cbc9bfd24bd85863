package dev.vxplatform.shared.contract;

/**
 * What the order-service's reconciler announces on the event bus (publish, no reply), for anyone watching the
 * cluster (the gateway's dashboard).
 */
public final class ReconcilerContract {

  /**
   * {@code {event: "acquired"|"lost", node, token}}: a node started or stopped running the reconciler, with the
   * fencing token of its lock. {@code node} is the Vert.x node id, as in discovery records.
   */
  public static final String EVENTS = "order.reconciler.events";

  private ReconcilerContract() {
  }
}

package dev.vxplatform.order.reconciler;

import dev.vxplatform.shared.contract.ReconcilerContract;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Told when this node starts and stops running the reconciler. Times are {@link System#nanoTime()}: the start is
 * when the lock was granted, the stop is the earliest moment this node could no longer rely on it (it was
 * given back, found taken, or its validity ran out without a confirmation).
 */
public interface LeadershipListener {

  void acquired(String nodeId, long token, long atNanos);

  void lost(String nodeId, long token, long atNanos);

  /** This listener, then {@code next}. */
  default LeadershipListener and(LeadershipListener next) {
    LeadershipListener first = this;
    return new LeadershipListener() {
      @Override
      public void acquired(String nodeId, long token, long atNanos) {
        first.acquired(nodeId, token, atNanos);
        next.acquired(nodeId, token, atNanos);
      }

      @Override
      public void lost(String nodeId, long token, long atNanos) {
        first.lost(nodeId, token, atNanos);
        next.lost(nodeId, token, atNanos);
      }
    };
  }

  /** Publishes each start and stop on {@link ReconcilerContract#EVENTS}, for whoever watches the cluster. */
  static LeadershipListener announcing(EventBus bus) {
    return new LeadershipListener() {
      @Override
      public void acquired(String nodeId, long token, long atNanos) {
        bus.publish(ReconcilerContract.EVENTS, event("acquired", nodeId, token));
      }

      @Override
      public void lost(String nodeId, long token, long atNanos) {
        bus.publish(ReconcilerContract.EVENTS, event("lost", nodeId, token));
      }

      private JsonObject event(String what, String nodeId, long token) {
        return new JsonObject().put("event", what).put("node", nodeId).put("token", token);
      }
    };
  }

  /** Logs each start and stop: what production uses. */
  static LeadershipListener logging() {
    Logger log = LoggerFactory.getLogger(LeadershipListener.class);
    return new LeadershipListener() {
      @Override
      public void acquired(String nodeId, long token, long atNanos) {
        log.info("Reconciler leadership acquired by {} (fencing token {})", nodeId, token);
      }

      @Override
      public void lost(String nodeId, long token, long atNanos) {
        log.info("Reconciler leadership given up by {} (fencing token {})", nodeId, token);
      }
    };
  }
}

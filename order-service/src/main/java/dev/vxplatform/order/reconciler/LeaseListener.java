package dev.vxplatform.order.reconciler;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Told when this node starts and stops running the reconciler. Times are {@link System#nanoTime()}: the start is
 * when the lease was granted, the stop is the earliest moment this node could no longer rely on it (it was
 * released, found taken, or its validity ran out without a renewal).
 */
public interface LeaseListener {

  void acquired(String nodeId, long token, long atNanos);

  void lost(String nodeId, long token, long atNanos);

  /** Logs each start and stop: what production uses. */
  static LeaseListener logging() {
    Logger log = LoggerFactory.getLogger(LeaseListener.class);
    return new LeaseListener() {
      @Override
      public void acquired(String nodeId, long token, long atNanos) {
        log.info("Reconciler lease acquired by {} (fencing token {})", nodeId, token);
      }

      @Override
      public void lost(String nodeId, long token, long atNanos) {
        log.info("Reconciler lease given up by {} (fencing token {})", nodeId, token);
      }
    };
  }
}

package dev.vxplatform.order.cluster;

import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import dev.vxplatform.shared.cluster.ClusterMajority;
import dev.vxplatform.shared.db.DatabaseException;
import dev.vxplatform.shared.web.ProblemException;
import io.vertx.core.json.JsonObject;

/**
 * This node must not write now: it has just stalled, or it sees too few cluster members. A 503 with
 * {@code Retry-After}: nothing was written, and another instance (or this one, shortly) can take the request.
 */
public final class ClusterUnavailableException extends ProblemException {

  public static final long RETRY_AFTER_SECONDS = 1;
  private static final int MAX_CAUSES = 10;

  ClusterUnavailableException(String title, String detail) {
    super(503, title, detail, new JsonObject().put("retryAfterSeconds", RETRY_AFTER_SECONDS));
  }

  static ClusterUnavailableException stalled(String why) {
    return new ClusterUnavailableException("Node recovering from a stall", why + ": it takes no writes until it is a"
        + " member of the cluster again; nothing was written, retry (with the same Idempotency-Key)");
  }

  static ClusterUnavailableException minority() {
    return new ClusterUnavailableException("Cluster minority", "this node's side of the cluster has fewer data"
        + " members than CLUSTER_MIN_SIZE: it takes no order writes until the cluster is whole again; nothing was"
        + " written, retry (with the same Idempotency-Key)");
  }

  static ClusterUnavailableException lostDuringTheWrite() {
    return new ClusterUnavailableException("Cluster minority", "this node lost sight of a majority of the cluster"
        + " while the request was under way: it may or may not have been applied; retry with the same"
        + " Idempotency-Key, which answers what was applied");
  }

  static ClusterUnavailableException databaseAway() {
    return new ClusterUnavailableException("Database unavailable", "the database of record did not answer in time:"
        + " nothing was acknowledged, retry (a write with the same Idempotency-Key)");
  }

  /**
   * Hazelcast refusing a write for split-brain protection ({@link SplitBrainProtectionException} anywhere in the
   * cause chain), or a map store or query that could not reach the database ({@link DatabaseException}), becomes this
   * 503; any other failure is returned as it is.
   */
  public static Throwable translate(Throwable failure) {
    Throwable cause = failure;
    if (ClusterMajority.refused(failure)) {
      return minority();
    }
    for (int i = 0; cause != null && i < MAX_CAUSES; i++, cause = cause.getCause()) {
      if (cause instanceof DatabaseException) {
        return databaseAway();
      }
    }
    return failure;
  }

  public static boolean isSplitBrainRefusal(Throwable failure) {
    return translate(failure) instanceof ClusterUnavailableException;
  }
}

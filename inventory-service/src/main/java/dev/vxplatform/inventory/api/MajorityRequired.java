package dev.vxplatform.inventory.api;

import dev.vxplatform.shared.cluster.ClusterMajority;
import io.vertx.core.Future;

/**
 * Stock writes need a majority of data members in sight ({@code CLUSTER_MIN_SIZE}), as order writes do: a member cut
 * off into a minority would otherwise hold and restock in its own copy of the stock while the majority does the same
 * in its copy, and the split-brain merge keeps one of the two (units sold twice). Asked once per request, before its
 * first write, so a multi-sku reservation is refused whole, never halfway. The stock maps do not name the protection
 * themselves (see {@code StockMaps}): every write to them goes through these operations.
 */
public final class MajorityRequired {

  public static final int RETRY_AFTER_SECONDS = 1;

  private MajorityRequired() {
  }

  /** The 503 a minority member answers a stock write with; nothing was written. */
  public static RetryLaterException minority() {
    return new RetryLaterException("Cluster minority", "this node's side of the cluster has fewer data members than"
        + " CLUSTER_MIN_SIZE: it takes no stock writes until the cluster is whole again; nothing was written, retry",
        RETRY_AFTER_SECONDS);
  }

  /**
   * The 503 for a write that went through while this member lost its majority: it may be in the minority's copy
   * only, which the split-brain merge can overwrite, so it is not acknowledged.
   */
  public static RetryLaterException lostDuringTheWrite() {
    return new RetryLaterException("Cluster minority", "this node's side of the cluster lost its majority while the"
        + " write was under way: it may or may not have been applied; check the stock before repeating it",
        RETRY_AFTER_SECONDS);
  }

  /**
   * {@code operation}, refused with {@link #minority()} while this member sees no majority, and answered with
   * {@link #lostDuringTheWrite()} unless the majority held from before its first write to its end
   * ({@link ClusterMajority#heldSince}). Seen in the partition check: a restock that passed the first look waited for
   * a cut-off owner, then went through on the minority's side; and a reservation's rollback, retried through a cut,
   * went through on the minority's copy and was answered once the merge had brought the majority back, though the
   * merge had dropped it.
   */
  public static Operation guard(ClusterMajority majority, Operation operation) {
    return input -> {
      long mark = majority.mark();
      if (!majority.present()) {
        return Future.failedFuture(minority());
      }
      return operation.handle(input).compose(reply -> majority.heldSince(mark) ? Future.succeededFuture(reply)
          : Future.failedFuture(lostDuringTheWrite()));
    };
  }
}

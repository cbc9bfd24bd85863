package dev.vxplatform.order.cluster;

import com.hazelcast.core.IndeterminateOperationStateException;
import java.util.concurrent.Callable;

/**
 * With {@code fail.on.indeterminate.state} on, a write whose backup acknowledgement came late (typically during a
 * partition migration) fails although it may have been applied. Every write of the order-service is safe to
 * repeat (a put-if-absent finds its own value, a compare-and-set that already happened reports a lost race and
 * the caller re-reads), so such a write is simply tried again.
 */
public final class Retry {

  static final int ATTEMPTS = 3;

  private Retry() {
  }

  /** Runs {@code work} on the calling (worker) thread, up to {@value #ATTEMPTS} times while indeterminate. */
  public static <T> T indeterminate(Callable<T> work) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return work.call();
      } catch (IndeterminateOperationStateException e) {
        if (attempt >= ATTEMPTS) {
          throw e;
        }
      }
    }
  }
}

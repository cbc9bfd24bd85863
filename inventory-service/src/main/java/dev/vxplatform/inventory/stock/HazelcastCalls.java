package dev.vxplatform.inventory.stock;

import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.core.OperationTimeoutException;
import com.hazelcast.spi.exception.RetryableException;
import dev.vxplatform.shared.web.ProblemException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hazelcast's async calls as Vert.x futures completed on the caller's context, retried when the outcome is
 * unknown (the member died mid-call, a backup did not acknowledge: {@code fail.on.indeterminate.state}) and the
 * call is idempotent. Exhausted or non-retryable failures become a 503 problem, logged once here.
 */
final class HazelcastCalls {

  static final int MAX_ATTEMPTS = 8;
  static final long BACKOFF_MILLIS = 100;
  private static final Logger LOG = LoggerFactory.getLogger(HazelcastCalls.class);

  private final Vertx vertx;
  private final Context context;
  private final int maxAttempts;
  private final long backoffMillis;

  HazelcastCalls(Vertx vertx, Context context) {
    this(vertx, context, MAX_ATTEMPTS, BACKOFF_MILLIS);
  }

  HazelcastCalls(Vertx vertx, Context context, int maxAttempts, long backoffMillis) {
    this.vertx = vertx;
    this.context = context;
    this.maxAttempts = maxAttempts;
    this.backoffMillis = backoffMillis;
  }

  /** Retries: only for calls whose repetition changes nothing (every processor keyed by order id). */
  <T> Future<T> idempotent(String what, Supplier<CompletionStage<T>> call) {
    return attempt(what, call, 1);
  }

  /** Never retried: an unknown outcome is reported as such. */
  <T> Future<T> once(String what, Supplier<CompletionStage<T>> call) {
    return invoke(call).recover(failure -> {
      Throwable cause = unwrap(failure);
      LOG.warn("{} failed, outcome unknown: {}", what, cause.toString());
      return Future.failedFuture(new ProblemException(503, "Stock unavailable", what
          + " failed and may or may not have been applied; check the stock before retrying"));
    });
  }

  private <T> Future<T> attempt(String what, Supplier<CompletionStage<T>> call, int attempt) {
    return invoke(call).recover(failure -> {
      Throwable cause = unwrap(failure);
      if (isRetryable(cause) && attempt < maxAttempts) {
        LOG.info("{} attempt {} failed ({}); retrying", what, attempt, cause.getClass().getSimpleName());
        return vertx.timer(backoffMillis * attempt).compose(v -> attempt(what, call, attempt + 1));
      }
      LOG.warn("{} failed after {} attempt(s): {}", what, attempt, cause.toString());
      return Future.failedFuture(new ProblemException(503, "Stock unavailable", what
          + " failed; the cluster is recovering, retry (the operation is idempotent)"));
    });
  }

  /** A call may also throw instead of returning a failed stage (e.g. while the local member shuts down). */
  private <T> Future<T> invoke(Supplier<CompletionStage<T>> call) {
    try {
      return Future.fromCompletionStage(call.get(), context);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  static boolean isRetryable(Throwable cause) {
    return cause instanceof IndeterminateOperationStateException
        || cause instanceof MemberLeftException
        || cause instanceof OperationTimeoutException
        || cause instanceof RetryableException;
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}

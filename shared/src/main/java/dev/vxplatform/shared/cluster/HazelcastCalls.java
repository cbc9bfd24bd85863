package dev.vxplatform.shared.cluster;

import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.core.OperationTimeoutException;
import com.hazelcast.spi.exception.RetryableException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hazelcast's asynchronous calls ({@code submitToKey}, {@code getAsync}, ...) as Vert.x futures completed on the
 * caller's context: the one way every store talks to a map, with the one retry policy. A call whose outcome is
 * unknown (the member died mid-call, a backup did not acknowledge: {@code fail.on.indeterminate.state}, an
 * operation timeout, a partition on the move) is tried again when the call is idempotent; any other failure, or the
 * last attempt's, is handed to the store's {@link Failure}, logged once here.
 */
public final class HazelcastCalls {

  public static final int MAX_ATTEMPTS = 8;
  public static final long BACKOFF_MILLIS = 100;
  private static final Logger LOG = LoggerFactory.getLogger(HazelcastCalls.class);
  private static final Executor ON_COMPLETING_THREAD = Runnable::run;

  /** What a failed call becomes for the store's callers. */
  @FunctionalInterface
  public interface Failure {
    /**
     * @param what       the call, for messages ("hold of SKU-1 for order 42")
     * @param cause      Hazelcast's failure, unwrapped
     * @param idempotent whether the caller may simply repeat it ({@link #idempotent}); a {@link #once} call may
     *                   have been applied, so its caller must look before repeating it
     */
    Throwable of(String what, Throwable cause, boolean idempotent);
  }

  private final Vertx vertx;
  private final Context context;
  private final int maxAttempts;
  private final long backoffMillis;
  private final Failure failure;

  public HazelcastCalls(Vertx vertx, Context context, Failure failure) {
    this(vertx, context, MAX_ATTEMPTS, BACKOFF_MILLIS, failure);
  }

  /** @param backoffMillis the pause before attempt n + 1 is n times this */
  public HazelcastCalls(Vertx vertx, Context context, int maxAttempts, long backoffMillis, Failure failure) {
    this.vertx = vertx;
    this.context = context;
    this.maxAttempts = maxAttempts;
    this.backoffMillis = backoffMillis;
    this.failure = failure;
  }

  /** Retried while the outcome is unknown: only for calls whose repetition changes nothing more. */
  public <T> Future<T> idempotent(String what, Supplier<CompletionStage<T>> call) {
    return attempt(what, call, 1);
  }

  /** Never retried: an unknown outcome is reported as such. */
  public <T> Future<T> once(String what, Supplier<CompletionStage<T>> call) {
    return invoke(call).recover(failed -> {
      Throwable cause = unwrap(failed);
      LOG.warn("{} failed: {}", what, cause.toString());
      return Future.failedFuture(failure.of(what, cause, false));
    });
  }

  private <T> Future<T> attempt(String what, Supplier<CompletionStage<T>> call, int attempt) {
    return invoke(call).recover(failed -> {
      Throwable cause = unwrap(failed);
      if (isRetryable(cause) && attempt < maxAttempts) {
        LOG.info("{} attempt {} failed ({}); retrying", what, attempt, cause.getClass().getSimpleName());
        return vertx.timer(backoffMillis * attempt).compose(v -> attempt(what, call, attempt + 1));
      }
      LOG.warn("{} failed after {} attempt(s): {}", what, attempt, cause.toString());
      return Future.failedFuture(failure.of(what, cause, true));
    });
  }

  /**
   * A call may also throw instead of returning a failed stage (e.g. while the local member shuts down).
   *
   * <p>The outcome is taken on the thread that completes Hazelcast's future (its response or partition thread)
   * and handed from there to the caller's context: the one current at the call (a request's own context, which holds
   * its trace), else the store's. Hazelcast would run a plain {@code whenComplete} callback on
   * {@code ForkJoinPool.commonPool()}, or, where that pool has a parallelism of 1 (any 2-core machine), start a new
   * thread for every single callback.
   */
  private <T> Future<T> invoke(Supplier<CompletionStage<T>> call) {
    try {
      CompletableFuture<T> outcome = new CompletableFuture<>();
      call.get().whenCompleteAsync((value, failure) -> {
        if (failure != null) {
          outcome.completeExceptionally(failure);
        } else {
          outcome.complete(value);
        }
      }, ON_COMPLETING_THREAD);
      Context caller = Vertx.currentContext();
      return Future.fromCompletionStage(outcome, caller != null ? caller : context);
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

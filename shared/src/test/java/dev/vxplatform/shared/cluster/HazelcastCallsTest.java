package dev.vxplatform.shared.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.map.IMap;
import dev.vxplatform.shared.web.ProblemException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class HazelcastCallsTest {

  private static CompletionStage<String> failing(Throwable failure) {
    return CompletableFuture.failedFuture(failure);
  }

  private static HazelcastCalls calls(Vertx vertx) {
    return new HazelcastCalls(vertx, vertx.getOrCreateContext(), 3, 1, (what, cause, idempotent) ->
        new ProblemException(503, "Unavailable", what + (idempotent ? ": retry" : ": may have been applied")));
  }

  @Test
  void retriesAnIdempotentCallWhoseOutcomeIsUnknown(Vertx vertx, VertxTestContext test) {
    AtomicInteger attempts = new AtomicInteger();
    calls(vertx).idempotent("hold", () -> attempts.incrementAndGet() < 3
            ? failing(attempts.get() == 1 ? new IndeterminateOperationStateException("no backup ack")
                : new MemberLeftException("gone"))
            : CompletableFuture.completedFuture("held"))
        .onComplete(test.succeeding(result -> test.verify(() -> {
          assertThat(result).isEqualTo("held");
          assertThat(attempts).hasValue(3);
          test.completeNow();
        })));
  }

  @Test
  void givesUpWithA503AfterTheLastAttempt(Vertx vertx, VertxTestContext test) {
    AtomicInteger attempts = new AtomicInteger();
    calls(vertx).idempotent("hold", () -> {
      attempts.incrementAndGet();
      return failing(new IndeterminateOperationStateException("no backup ack"));
    }).onComplete(test.failing(failure -> test.verify(() -> {
      assertThat(failure).isInstanceOfSatisfying(ProblemException.class,
          problem -> assertThat(problem.status()).isEqualTo(503));
      assertThat(failure.getMessage()).isEqualTo("hold: retry");
      assertThat(attempts).hasValue(3);
      test.completeNow();
    })));
  }

  @Test
  void doesNotRetryAFailureThatIsNotAboutAnUnknownOutcome(Vertx vertx, VertxTestContext test) {
    AtomicInteger attempts = new AtomicInteger();
    calls(vertx).idempotent("hold", () -> {
      attempts.incrementAndGet();
      throw new HazelcastException("instance not active");
    }).onComplete(test.failing(failure -> test.verify(() -> {
      assertThat(((ProblemException) failure).status()).isEqualTo(503);
      assertThat(attempts).hasValue(1);
      test.completeNow();
    })));
  }

  @Test
  void neverRetriesANonIdempotentCall(Vertx vertx, VertxTestContext test) {
    AtomicInteger attempts = new AtomicInteger();
    calls(vertx).once("restock", () -> {
      attempts.incrementAndGet();
      return failing(new IndeterminateOperationStateException("no backup ack"));
    }).onComplete(test.failing(failure -> test.verify(() -> {
      assertThat(failure.getMessage()).isEqualTo("restock: may have been applied");
      assertThat(attempts).hasValue(1);
      test.completeNow();
    })));
  }

  /**
   * Hazelcast runs a plain callback on {@code ForkJoinPool.commonPool()}, or starts a thread per callback when that
   * pool's parallelism is 1 (2 cores, like this project's build machine): the calls must not ride on either.
   */
  @Test
  void completesRealCallsOnTheCallersContextWithoutAThreadPerCall(Vertx vertx, VertxTestContext test) {
    Config config = new Config().setClusterName("calls-" + UUID.randomUUID());
    config.getNetworkConfig().setPort(0).getJoin().getAutoDetectionConfig().setEnabled(false);
    config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
    HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
    IMap<Integer, Integer> map = member.getMap("calls");
    Context context = vertx.getOrCreateContext();
    HazelcastCalls calls = new HazelcastCalls(vertx, context, 3, 1, (what, cause, idempotent) -> cause);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int warmUp = 20;
    int measured = 200;
    AtomicLong startedBefore = new AtomicLong();
    AtomicInteger onContext = new AtomicInteger();
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < warmUp + measured; i++) {
      int key = i;
      chain = chain.compose(v -> {
        if (key == warmUp) {
          startedBefore.set(threads.getTotalStartedThreadCount());
        }
        return calls.idempotent("put " + key, () -> map.setAsync(key, key));
      }).map(v -> {
        if (Vertx.currentContext() == context) {
          onContext.incrementAndGet();
        }
        return null;
      });
    }
    chain.onComplete(done -> {
      long started = threads.getTotalStartedThreadCount() - startedBefore.get();
      member.shutdown();
      test.verify(() -> {
        assertThat(done.succeeded()).as("every call succeeded").isTrue();
        assertThat(onContext).hasValue(warmUp + measured);
        assertThat(started).as("threads started during %d calls", measured).isLessThan(measured / 10);
        test.completeNow();
      });
    });
  }
}

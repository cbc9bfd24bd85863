package dev.vxplatform.shared.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.core.MemberLeftException;
import dev.vxplatform.shared.web.ProblemException;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
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
}

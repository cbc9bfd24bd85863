package dev.vxplatform.gateway.proxy;

import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.gateway.upstream.Balancer;
import dev.vxplatform.gateway.upstream.Strategy;
import dev.vxplatform.gateway.upstream.TestUpstreams;
import dev.vxplatform.gateway.upstream.Upstream;
import dev.vxplatform.gateway.upstream.UpstreamOptions;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class TriesTest {

  private static final UpstreamOptions QUICK_RESET = new UpstreamOptions(5, 100, 10_000, 10_000);
  private final Balancer p2c = Strategy.POWER_OF_TWO_CHOICES.newBalancer();

  @Test
  void aHalfOpenInstanceGetsTheTrialAlthoughPowerOfTwoChoicesPrefersTheCheaperOne(Vertx vertx) {
    Upstream healthy = TestUpstreams.of(vertx, "healthy", 9001, QUICK_RESET);
    Upstream recovering = TestUpstreams.of(vertx, "recovering", 9002, QUICK_RESET);
    healthy.observeLatency(TimeUnit.MILLISECONDS.toNanos(1));
    recovering.observeLatency(TimeUnit.SECONDS.toNanos(5)); // the timeouts that opened its breaker
    recovering.eject("connection refused");
    List<Upstream> both = List.of(healthy, recovering);
    assertThat(IntStream.range(0, 20).mapToObj(i -> new Tries().next(both, p2c))).as("while open")
        .containsOnly(healthy);

    waitUntil("the breaker half-opens", Duration.ofSeconds(3), recovering::halfOpen);

    assertThat(IntStream.range(0, 20).mapToObj(i -> new Tries().next(both, p2c))).containsOnly(recovering);
  }

  @Test
  void waitsForABreakerBoundedButNotForInstancesThatFailedOrDoNotExist(Vertx vertx) {
    Upstream open = TestUpstreams.of(vertx, "open", 9001, QUICK_RESET);
    open.eject("connection refused");
    Tries tries = new Tries();
    assertThat(tries.next(List.of(open), p2c)).isNull();
    assertThat(tries.mayWait(1_000, 500)).isTrue();
    assertThat(tries.backoffMillis()).isEqualTo(50);
    assertThat(tries.backoffMillis()).isEqualTo(100);
    assertThat(tries.mayWait(1_499, 500)).isTrue();
    assertThat(tries.mayWait(1_500, 500)).as("the wait is bounded").isFalse();
    assertThat(tries.mayWait(1_000, 0)).as("0 turns waiting off").isFalse();

    Tries none = new Tries();
    assertThat(none.next(List.of(), p2c)).isNull();
    assertThat(none.mayWait(1_000, 500)).as("no instance at all: nothing to wait for").isFalse();

    Upstream refused = TestUpstreams.of(vertx, "refused", 9002, QUICK_RESET);
    Tries failed = new Tries();
    failed.failed(refused, false, "connection refused");
    assertThat(failed.next(List.of(refused), p2c)).isNull();
    assertThat(failed.mayWait(1_000, 500)).as("this request saw it fail: no second chance").isFalse();
  }

  @Test
  void anInstanceThatOnlyTimedOutMayTakeAnotherAttemptOnceEveryInstanceWasTried(Vertx vertx) {
    Upstream slow = TestUpstreams.of(vertx, "slow", 9001, QUICK_RESET);
    Upstream refusing = TestUpstreams.of(vertx, "refusing", 9002, QUICK_RESET);
    List<Upstream> both = List.of(slow, refusing);
    Tries tries = new Tries();

    tries.failed(refusing, false, "connection refused");
    assertThat(tries.next(both, p2c)).isSameAs(slow);
    tries.failed(slow, true, "response timeout");

    assertThat(tries.next(both, p2c)).as("the timed-out one, never the refusing one").isSameAs(slow);
    tries.failed(slow, false, "status 503");
    assertThat(tries.next(both, p2c)).isNull();
    assertThat(tries).hasToString(refusing.address() + " connection refused, " + slow.address()
        + " response timeout, " + slow.address() + " status 503");
  }

  @Test
  void anInstancePublishedAgainUnderANewRegistrationIsStillTheOneThatFailed(Vertx vertx) {
    Upstream before = TestUpstreams.of(vertx, "before-merge", 9001, QUICK_RESET);
    Upstream again = TestUpstreams.of(vertx, "after-merge", 9001, QUICK_RESET); // same address, new record
    Upstream other = TestUpstreams.of(vertx, "other", 9002, QUICK_RESET);
    Tries tries = new Tries();

    tries.failed(before, false, "status 503");

    assertThat(tries.next(List.of(again, other), p2c)).isSameAs(other);
    tries.failed(other, false, "connect");
    assertThat(tries.next(List.of(again, other), p2c)).isNull();
  }

  @Test
  void namesWhatItTriedForTheLogLine(Vertx vertx) {
    Upstream open = TestUpstreams.of(vertx, "open", 9001, QUICK_RESET);
    Tries tries = new Tries();
    assertThat(tries).hasToString("nothing");

    tries.skipped(open);

    assertThat(tries).hasToString(open.address() + " breaker open");
  }
}

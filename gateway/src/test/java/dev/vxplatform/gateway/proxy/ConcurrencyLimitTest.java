package dev.vxplatform.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConcurrencyLimitTest {

  private static final long MILLIS = 1_000_000;
  private static final long MICROS = 1_000;

  private final ConcurrencyLimit limit = new ConcurrencyLimit("shop", new LimitOptions(true, 10, 2, 40, 0.9, 2, 50));

  @Test
  void refusesTheRequestOverTheLimitAndCountsIt() {
    fill(10);

    assertThat(limit.tryAcquire()).isFalse();
    assertThat(limit.inFlight()).isEqualTo(10);
    assertThat(limit.shed()).isEqualTo(1);
  }

  @Test
  void growsWhileAServiceKeptBusyAnswersAtItsLowestLatency() {
    saturated(100, 10 * MILLIS);

    assertThat(limit.limit()).isGreaterThan(20);
  }

  @Test
  void shrinksOnceAnswersComeMuchSlowerThanTheLowest() {
    saturated(10, 10 * MILLIS);
    int before = limit.limit();

    saturated(100, 40 * MILLIS); // three quarters of what is in flight is waiting

    assertThat(limit.limit()).isLessThan(before).isLessThan(10).isGreaterThanOrEqualTo(2);
  }

  @Test
  void aFastServiceWhoseAnswersScatterIsNotThrottledWhileLittleIsInFlight() {
    // One or two requests at a time, answers spread evenly from 0.5 to 3 ms (a busy machine): against the limit each
    // slow one would read as most of it queued; against the one or two really in flight it is no queue at all.
    for (int i = 0; i < 1_000; i++) {
      fill(2);
      limit.release(500 * MICROS * (1 + i % 6), false);
      limit.release(500 * MICROS * (1 + (i + 3) % 6), false);
    }

    assertThat(limit.limit()).isEqualTo(10);
  }

  @Test
  void aFailureCutsTheLimitByTheBackoffRatioAndItNeverSinksBelowTheMinimum() {
    fill(1);
    limit.release(10 * MILLIS, true);
    assertThat(limit.limit()).isEqualTo(9);

    for (int i = 0; i < 50; i++) {
      fill(1);
      limit.release(10 * MILLIS, true);
    }
    assertThat(limit.limit()).isEqualTo(2);
  }

  @Test
  void aServiceFarBelowAnEarnedLimitDoesNotRaiseIt() {
    saturated(100, 10 * MILLIS);
    int earned = limit.limit();

    for (int i = 0; i < 100; i++) {
      fill(1);
      limit.release(10 * MILLIS, false);
    }

    assertThat(limit.limit()).isEqualTo(earned);
  }

  @Test
  void afterAnOverloadLightTrafficAtGoodLatencyRaisesTheLimitBackToItsInitialValue() {
    saturated(10, 10 * MILLIS);
    saturated(200, 60 * MILLIS);
    assertThat(limit.limit()).isLessThan(6);

    for (int i = 0; i < 100; i++) { // one request at a time, at the usual latency
      fill(1);
      limit.release(10 * MILLIS, false);
    }

    assertThat(limit.limit()).isEqualTo(10);
  }

  @Test
  void aLatencyThatRoseForGoodBecomesTheNewLowestAfterAProbe() {
    saturated(10, 1 * MILLIS);

    // The service is now 20 times slower than it ever was, but not queueing: at first that reads as a queue and the
    // limit sinks; once the old minimum is forgotten the limit climbs again.
    saturated(3_000, 20 * MILLIS);

    assertThat(limit.limit()).isGreaterThan(10);
  }

  /** {@code answers} answers at {@code rttNanos}, each slot taken again at once: a service kept at its limit. */
  private void saturated(int answers, long rttNanos) {
    while (limit.tryAcquire()) {
      // up to the limit
    }
    for (int i = 0; i < answers; i++) {
      limit.release(rttNanos, false);
      while (limit.tryAcquire()) {
        // refilled to the (new) limit
      }
    }
    while (limit.inFlight() > 0) {
      limit.release(0, false); // drained without a sample
    }
  }

  private void fill(int requests) {
    for (int i = 0; i < requests; i++) {
      assertThat(limit.tryAcquire()).isTrue();
    }
  }
}

package dev.vxplatform.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConcurrencyLimitTest {

  private static final long MILLIS = 1_000_000;

  private final ConcurrencyLimit limit = new ConcurrencyLimit("shop", new LimitOptions(true, 10, 2, 40, 0.9, 3, 50));

  @Test
  void refusesTheRequestOverTheLimitAndCountsIt() {
    fill(10);

    assertThat(limit.tryAcquire()).isFalse();
    assertThat(limit.inFlight()).isEqualTo(10);
    assertThat(limit.shed()).isEqualTo(1);
  }

  @Test
  void growsWhileEveryAnswerComesAtTheLowestLatency() {
    for (int round = 0; round < 5; round++) {
      int slots = limit.limit();
      fill(slots);
      answer(slots, 10 * MILLIS);
    }

    assertThat(limit.limit()).isGreaterThan(15);
  }

  @Test
  void shrinksOnceAnswersComeMuchSlowerThanTheLowest() {
    fill(10);
    answer(10, 10 * MILLIS);
    int before = limit.limit();

    for (int round = 0; round < 5; round++) {
      int slots = limit.limit();
      fill(slots);
      answer(slots, 40 * MILLIS); // three quarters of what is in flight is waiting
    }

    assertThat(limit.limit()).isLessThan(before).isGreaterThanOrEqualTo(2);
  }

  @Test
  void aFailureCutsTheLimitByTheBackoffRatioAndItNeverSinksBelowTheMinimum() {
    limit.tryAcquire();
    limit.release(10 * MILLIS, true);
    assertThat(limit.limit()).isEqualTo(9);

    for (int i = 0; i < 50; i++) {
      limit.tryAcquire();
      limit.release(10 * MILLIS, true);
    }
    assertThat(limit.limit()).isEqualTo(2);
  }

  @Test
  void aServiceFarBelowItsLimitDoesNotRaiseIt() {
    for (int i = 0; i < 100; i++) {
      limit.tryAcquire();
      limit.release(10 * MILLIS, false);
    }

    assertThat(limit.limit()).isEqualTo(10);
  }

  @Test
  void aLatencyThatRoseForGoodBecomesTheNewLowestAfterAProbe() {
    fill(10);
    answer(10, 1 * MILLIS);

    // The service is now 20 times slower than it ever was, but not queueing: at first that reads as a queue, the
    // limit sinks; once the old minimum is forgotten the limit climbs again.
    for (int round = 0; round < 200; round++) {
      int slots = limit.limit();
      fill(slots);
      answer(slots, 20 * MILLIS);
    }

    assertThat(limit.limit()).isGreaterThan(10);
  }

  private void fill(int requests) {
    for (int i = 0; i < requests; i++) {
      assertThat(limit.tryAcquire()).isTrue();
    }
  }

  private void answer(int requests, long rttNanos) {
    for (int i = 0; i < requests; i++) {
      limit.release(rttNanos, false);
    }
  }
}

package dev.vxplatform.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {

  private final AtomicLong now = new AtomicLong();

  private int retriesAllowed(RetryBudget budget, int tries) {
    int allowed = 0;
    for (int i = 0; i < tries; i++) {
      if (budget.tryRetry()) {
        allowed++;
      }
    }
    return allowed;
  }

  @Test
  void startsWithItsCapacityAndThenRefusesRetries() {
    RetryBudget budget = new RetryBudget(0.2, 0, 5, now::get);

    assertThat(retriesAllowed(budget, 10)).isEqualTo(5);
  }

  @Test
  void earnsOneRetryPerFourRequestsAtTwentyFivePercent() {
    RetryBudget budget = new RetryBudget(0.25, 0, 100, now::get);
    retriesAllowed(budget, 100);

    int allowed = 0;
    for (int i = 0; i < 1000; i++) {
      budget.deposit();
      allowed += retriesAllowed(budget, 1);
    }

    assertThat(allowed).isEqualTo(250);
  }

  @Test
  void savesUpAtMostItsCapacity() {
    RetryBudget budget = new RetryBudget(0.25, 0, 100, now::get);
    retriesAllowed(budget, 100);

    for (int i = 0; i < 1000; i++) {
      budget.deposit();
    }

    assertThat(retriesAllowed(budget, 1000)).isEqualTo(100);
  }

  @Test
  void refillsAMinimumPerSecondUpToItsCapacity() {
    RetryBudget budget = new RetryBudget(0.2, 10, 30, now::get);
    retriesAllowed(budget, 30);

    now.addAndGet(1_000_000_000L);
    assertThat(retriesAllowed(budget, 100)).isEqualTo(10);

    now.addAndGet(60_000_000_000L);
    assertThat(retriesAllowed(budget, 100)).isEqualTo(30);
  }
}

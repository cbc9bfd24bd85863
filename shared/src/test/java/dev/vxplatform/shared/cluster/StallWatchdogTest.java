package dev.vxplatform.shared.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StallWatchdogTest {

  private long now = 0;
  private final List<Long> stalls = new ArrayList<>();
  private final StallWatchdog watchdog = new StallWatchdog(5000, () -> now, stalls::add);

  @Test
  void reportsNothingWhileItsChecksComeOnTime() {
    for (int i = 0; i < 100; i++) {
      advanceMillis(StallWatchdog.CHECK_MILLIS + 50);
      watchdog.check();
    }
    assertThat(stalls).isEmpty();
  }

  @Test
  void reportsAFreezeAsLongAsFailureDetectionOnceWithItsLength() {
    advanceMillis(200);
    watchdog.check();
    advanceMillis(7300);
    watchdog.check();
    advanceMillis(200);
    watchdog.check();
    assertThat(stalls).containsExactly(7300L);
  }

  @Test
  void aPauseShorterThanFailureDetectionIsNotReported() {
    advanceMillis(4900);
    watchdog.check();
    assertThat(stalls).isEmpty();
  }

  private void advanceMillis(long millis) {
    now += TimeUnit.MILLISECONDS.toNanos(millis);
  }
}

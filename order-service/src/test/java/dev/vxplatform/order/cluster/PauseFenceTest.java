package dev.vxplatform.order.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The fence's logic on a hand-driven clock: the timer's ticks are calls to {@code tick()}. */
class PauseFenceTest {

  private static final PauseFenceOptions OPTIONS = new PauseFenceOptions(1000, 10_000);
  private final AtomicLong nanos = new AtomicLong(TimeUnit.HOURS.toNanos(5));
  private final PauseFence fence = new PauseFence(OPTIONS, nanos::get);

  @Test
  void punctualTicksNeverRaiseIt() {
    for (int i = 0; i < 50; i++) {
      advance(OPTIONS.tickMillis());
      fence.tick();
      assertThat(fence.suspect()).isFalse();
    }
  }

  @Test
  void aRequestServedOnResumeBeforeAnyTimerRanIsRefused() {
    fence.tick();
    advance(1500); // stalled: no tick ran, the request is the first thing the loop does

    assertThat(fence.suspect()).isTrue();
    assertThat(fence.reason()).contains("has just resumed from a stall of at least 1500 ms");
  }

  @Test
  void aLateTickQuarantinesUntilTheQuarantineEnds() {
    fence.tick();
    advance(1500);
    fence.tick();

    tickFor(OPTIONS.quarantineMillis() - 200);
    assertThat(fence.suspect()).isTrue();
    assertThat(fence.reason()).contains("stalled for 1500 ms").contains("200 ms more");
    tickFor(200);
    assertThat(fence.suspect()).isFalse();
  }

  @Test
  void aTickJustInsideTheThresholdIsNoStall() {
    advance(OPTIONS.thresholdMillis());
    fence.tick();

    assertThat(fence.suspect()).isFalse();
  }

  @Test
  void aDisabledFenceNeverSuspects() {
    PauseFence off = new PauseFence(PauseFenceOptions.off(), nanos::get);
    advance(60_000);
    off.tick();

    assertThat(off.suspect()).isFalse();
  }

  @Test
  void defaultsFollowTheFailureDetectionAndRejectNonsense() {
    assertThat(PauseFenceOptions.defaults(1, 5)).isEqualTo(new PauseFenceOptions(3000, 10_000));
    assertThat(PauseFenceOptions.defaults(1, 5).tickMillis()).isEqualTo(200);
    assertThat(PauseFenceOptions.defaults(2, 4).thresholdMillis()).as("never below a second").isEqualTo(1000);
    assertThatThrownBy(() -> new PauseFenceOptions(10, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PauseFenceOptions(1000, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Punctual ticks for {@code millis}. */
  private void tickFor(long millis) {
    for (long done = 0; done < millis; done += OPTIONS.tickMillis()) {
      advance(OPTIONS.tickMillis());
      fence.tick();
    }
  }

  private void advance(long millis) {
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
  }
}

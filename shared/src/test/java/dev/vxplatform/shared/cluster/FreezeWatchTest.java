package dev.vxplatform.shared.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FreezeWatchTest {

  private long now = 0;
  private final List<Long> freezes = new ArrayList<>();
  private final FreezeWatch watch = new FreezeWatch(4000, () -> now, freezes::add);

  FreezeWatchTest() {
    watch.watching = true; // as watch() does, without its thread: the test calls check() itself
  }

  @Test
  void reportsNothingWhileItsChecksComeOnTime() {
    for (int i = 0; i < 100; i++) {
      advanceMillis(FreezeWatch.CHECK_MILLIS + 50);
      watch.check();
      assertThat(watch.suspect()).isFalse();
    }
    assertThat(freezes).isEmpty();
  }

  @Test
  void aFrozenJvmIsSuspectFromItsResumeUntilItHasRejoined() {
    advanceMillis(200);
    watch.check();
    advanceMillis(7300);
    assertThat(watch.suspect()).as("resumed, before the watch's next look").isTrue();
    assertThat(watch.reason()).contains("just resumed from a freeze of at least 7300 ms");

    watch.check();
    advanceMillis(200);
    watch.check();
    assertThat(freezes).containsExactly(7300L);
    assertThat(watch.suspect()).as("until it has joined the cluster again").isTrue();
    assertThat(watch.reason()).contains("frozen for 7300 ms");

    watch.rejoined();
    assertThat(watch.suspect()).isFalse();
  }

  @Test
  void aPauseShorterThanCanGetTheMemberExpelledChangesNothing() {
    advanceMillis(3900);
    assertThat(watch.suspect()).isFalse();
    watch.check();
    assertThat(freezes).isEmpty();
    assertThat(watch.suspect()).isFalse();
  }

  @Test
  void aVertxNotStartedByTheLauncherIsNeverSuspect() {
    assertThat(FreezeWatch.NEVER.suspect()).isFalse();
  }

  private void advanceMillis(long millis) {
    now += TimeUnit.MILLISECONDS.toNanos(millis);
  }
}

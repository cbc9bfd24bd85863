package dev.vxplatform.loadtests.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which placements may hide a second order, so that their customers are listed rather than read by id. */
class DisturbanceTest {

  private final Disturbance disturbance = new Disturbance(List.of(
      new FaultWindow(1, "kill -9", "order-1", 10_000, 15_000, true, 8_000, "back"),
      new FaultWindow(2, "kill -STOP 10 s", "order-2", 60_000, 0, false, -1, "not back")));

  @Test
  void aFastCleanPlacementFarFromAnyFaultIsQuiet() {
    assertThat(disturbance.eventful(place(1_000, 1_100, new Attempt(1_000, 1_100, 201, null, "o")))).isFalse();
    assertThat(disturbance.eventful(place(30_000, 30_100, new Attempt(30_000, 30_100, 409, null, "o")))).isFalse();
  }

  @Test
  void retriedSlowFailedOrDisturbedPlacementsAreEventful() {
    assertThat(disturbance.eventful(place(1_000, 1_300, new Attempt(1_000, 1_100, 503, null, "o"),
        new Attempt(1_200, 1_300, 201, null, "o")))).as("retried by the client").isTrue();
    assertThat(disturbance.eventful(place(1_000, 2_500, new Attempt(1_000, 2_500, 201, null, "o"))))
        .as("slow: the gateway may have retried").isTrue();
    assertThat(disturbance.eventful(place(1_000, 1_100, new Attempt(1_000, 1_100, 0, "timeout", null))))
        .as("no answer").isTrue();
    assertThat(disturbance.eventful(place(9_900, 10_100, new Attempt(9_900, 10_100, 201, null, "o"))))
        .as("in flight when the fault hit").isTrue();
    assertThat(disturbance.eventful(place(22_000, 22_100, new Attempt(22_000, 22_100, 201, null, "o"))))
        .as("before the cluster was safe again + margin").isTrue();
    assertThat(disturbance.eventful(place(90_000, 90_100, new Attempt(90_000, 90_100, 201, null, "o"))))
        .as("after a fault the cluster never recovered from").isTrue();
  }

  private static Op place(long start, long end, Attempt... attempts) {
    Attempt last = attempts[attempts.length - 1];
    return new Op(1, 1, Action.PLACE, "k", "c", last.orderId(), Map.of("A", 1), null, 0, start, end,
        List.of(attempts), last.status(), null, -1);
  }
}

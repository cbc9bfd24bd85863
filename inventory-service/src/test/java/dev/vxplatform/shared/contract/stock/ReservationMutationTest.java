package dev.vxplatform.shared.contract.stock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.shared.contract.stock.ReservationRecord.State;
import java.util.AbstractMap.SimpleEntry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The order-level decisions as plain functions over one entry. */
class ReservationMutationTest {

  private static final long LEASE = 1_000;
  private static final Map<String, Long> ITEMS = Map.of("A", 1L, "B", 2L);
  private final Map.Entry<String, ReservationRecord> entry = new SimpleEntry<>("order-1", null);

  private ReservationOutcome apply(ReservationMutation mutation) {
    return mutation.process(entry);
  }

  @Test
  void aDuplicateBeginWaitsWhileTheOwnerIsAliveAndTakesOverAfterItsLease() {
    assertThat(apply(ReservationMutation.begin(ITEMS, "a1", 0, LEASE)).result()).isEqualTo(ReservationResult.STARTED);

    assertThat(apply(ReservationMutation.begin(ITEMS, "a2", 500, LEASE)).result()).isEqualTo(ReservationResult.BUSY);
    assertThat(apply(ReservationMutation.begin(ITEMS, "a3", 1_500, LEASE)).result())
        .isEqualTo(ReservationResult.STARTED);
    assertThat(apply(ReservationMutation.finish("a1", true)).result()).isEqualTo(ReservationResult.SUPERSEDED);
    assertThat(apply(ReservationMutation.finish("a3", true)).result()).isEqualTo(ReservationResult.FINISHED);
    assertThat(entry.getValue().state()).isEqualTo(State.RESERVED);
  }

  @Test
  void repeatedReserveOfAReservedOrderChangesNothing() {
    apply(ReservationMutation.begin(ITEMS, "a1", 0, LEASE));
    apply(ReservationMutation.finish("a1", true));

    ReservationOutcome again = apply(ReservationMutation.begin(ITEMS, "a2", 10, LEASE));

    assertThat(again.result()).isEqualTo(ReservationResult.UNCHANGED);
    assertThat(again.record().attempt()).isEqualTo("a1");
  }

  @Test
  void otherItemsForTheSameOrderConflictUnlessTheLastAttemptWasRejected() {
    apply(ReservationMutation.begin(ITEMS, "a1", 0, LEASE));
    assertThat(apply(ReservationMutation.begin(Map.of("A", 5L), "a2", 10, LEASE)).result())
        .isEqualTo(ReservationResult.ITEMS_DIFFER);

    apply(ReservationMutation.finish("a1", false));

    assertThat(apply(ReservationMutation.begin(Map.of("A", 5L), "a3", 20, LEASE)).result())
        .isEqualTo(ReservationResult.STARTED);
  }

  @Test
  void commitAfterReleaseIsRefusedAndReleaseAfterCommitChangesNothing() {
    apply(ReservationMutation.begin(ITEMS, "a1", 0, LEASE));
    apply(ReservationMutation.finish("a1", true));
    assertThat(apply(ReservationMutation.release()).result()).isEqualTo(ReservationResult.DECIDED);

    assertThat(apply(ReservationMutation.release()).result()).isEqualTo(ReservationResult.UNCHANGED);
    assertThat(apply(ReservationMutation.commit()).result()).isEqualTo(ReservationResult.WRONG_STATE);
    assertThat(apply(ReservationMutation.begin(ITEMS, "a2", 10, LEASE)).result())
        .isEqualTo(ReservationResult.WRONG_STATE);

    Map.Entry<String, ReservationRecord> other = new SimpleEntry<>("order-2", null);
    ReservationMutation.begin(ITEMS, "b1", 0, LEASE).process(other);
    ReservationMutation.finish("b1", true).process(other);
    assertThat(ReservationMutation.commit().process(other).result()).isEqualTo(ReservationResult.DECIDED);
    assertThat(ReservationMutation.release().process(other).result()).isEqualTo(ReservationResult.UNCHANGED);
    assertThat(other.getValue().state()).isEqualTo(State.COMMITTED);
  }

  @Test
  void commitOfAnUnknownOrderIsAbsentAndWritesNothing() {
    assertThat(apply(ReservationMutation.commit()).result()).isEqualTo(ReservationResult.ABSENT);
    assertThat(entry.getValue()).isNull();
  }

  @Test
  void releaseOfAnUnknownOrderIsAbsentAndLeavesATombstoneThatRefusesALaterReservation() {
    assertThat(apply(ReservationMutation.release()).result()).isEqualTo(ReservationResult.ABSENT);
    assertThat(entry.getValue().tombstone()).isTrue();

    // The order's own request, delayed past its rejection (a node frozen mid-request), arrives now.
    assertThat(apply(ReservationMutation.begin(ITEMS, "late", 10, LEASE)).result())
        .isEqualTo(ReservationResult.WRONG_STATE);
    assertThat(apply(ReservationMutation.release()).result()).isEqualTo(ReservationResult.ABSENT);
    assertThat(apply(ReservationMutation.commit()).result()).isEqualTo(ReservationResult.ABSENT);
    assertThat(entry.getValue().items()).isEmpty();
  }

  @Test
  void releaseOfARejectedReservationLeavesATombstoneThatRefusesALaterAttempt() {
    apply(ReservationMutation.begin(ITEMS, "a1", 0, LEASE));
    apply(ReservationMutation.finish("a1", false));
    assertThat(apply(ReservationMutation.begin(ITEMS, "a2", 10, LEASE)).result()).as("before the release")
        .isEqualTo(ReservationResult.STARTED);
    apply(ReservationMutation.finish("a2", false));

    assertThat(apply(ReservationMutation.release()).result()).isEqualTo(ReservationResult.ABSENT);

    assertThat(entry.getValue().tombstone()).isTrue();
    assertThat(apply(ReservationMutation.begin(ITEMS, "a3", 20, LEASE)).result())
        .isEqualTo(ReservationResult.WRONG_STATE);
  }

  @Test
  void commitWhileReservingIsBusyAndReleaseWhileReservingWins() {
    apply(ReservationMutation.begin(ITEMS, "a1", 0, LEASE));

    assertThat(apply(ReservationMutation.commit()).result()).isEqualTo(ReservationResult.BUSY);
    assertThat(apply(ReservationMutation.release()).result()).isEqualTo(ReservationResult.DECIDED);
    assertThat(apply(ReservationMutation.finish("a1", true)).result()).isEqualTo(ReservationResult.SUPERSEDED);
    assertThat(entry.getValue().state()).isEqualTo(State.RELEASED);
  }
}

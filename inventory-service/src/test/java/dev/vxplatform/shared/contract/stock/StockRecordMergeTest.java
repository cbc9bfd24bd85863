package dev.vxplatform.shared.contract.stock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.AbstractMap.SimpleEntry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two copies of one sku that went apart in a split brain, as the larger side's (the base) and the merging side's,
 * merged hold by hold. The first three cases fail with the newer copy whole, which the maps used before; the fourth
 * keeps what the base forgot forgotten; the last is the reservation records' rule.
 */
class StockRecordMergeTest {

  private static final long RETENTION = StockRecord.FINISHED_HOLD_RETENTION_MILLIS;
  private final Map.Entry<String, StockRecord> base = new SimpleEntry<>("SKU-1", null);
  private Map.Entry<String, StockRecord> merging;

  private static StockOutcome apply(Map.Entry<String, StockRecord> side, StockMutation mutation, long at) {
    return mutation.at(at, RETENTION).process(side);
  }

  private static StockMutation hold(String orderId, long qty) {
    return StockMutation.hold(orderId, orderId + "-attempt", 1_000, qty, false);
  }

  /** The copies are the same up to here. */
  private void split() {
    merging = new SimpleEntry<>("SKU-1", base.getValue().copy());
  }

  private StockRecord merged() {
    return StockRecordMerge.merge(merging.getValue(), base.getValue());
  }

  private static StockOutcome holdOf(StockRecord record, String orderId) {
    return record.outcome(StockResult.NO_CHANGE, orderId, null, true);
  }

  @Test
  void aLaterChangeOnTheMergingSideDoesNotUndoWhatTheBaseCommittedAndReleased() {
    apply(base, StockMutation.init(10), 1_000);
    apply(base, hold("o1", 2), 1_001);
    apply(base, hold("o2", 3), 1_002);
    split();
    apply(base, StockMutation.commit("o1"), 2_000);
    apply(base, StockMutation.release("o2"), 2_001);
    apply(merging, hold("o3", 1), 3_000);
    apply(merging, StockMutation.unhold("o3", "o3-attempt", 1_000), 3_001);

    StockRecord merged = merged();

    assertThat(holdOf(merged, "o1").holdState()).isEqualTo(HoldState.COMMITTED);
    assertThat(holdOf(merged, "o2").holdState()).isEqualTo(HoldState.RELEASED);
    assertThat(holdOf(merged, "o3").holdState()).isEqualTo(HoldState.NONE);
    StockOutcome counters = holdOf(merged, "o1");
    assertThat(counters.available()).isEqualTo(8);
    assertThat(counters.reserved()).isZero();
    assertThat(counters.sold()).isEqualTo(2);
    assertThat(counters.auditBalanced()).isTrue();
  }

  @Test
  void aHoldPlacedOnlyOnTheMergingSideIsKeptAndOneRolledBackThereStaysRolledBack() {
    apply(base, StockMutation.init(10), 1_000);
    apply(base, hold("o1", 2), 1_001);
    split();
    apply(base, hold("o2", 1), 2_000);
    apply(merging, StockMutation.unhold("o1", "o1-attempt", 1_000), 2_500);
    apply(merging, hold("o3", 3), 2_600);

    StockRecord merged = merged();

    assertThat(holdOf(merged, "o1").holdState()).isEqualTo(HoldState.NONE);
    assertThat(holdOf(merged, "o2").holdState()).isEqualTo(HoldState.RESERVED);
    assertThat(holdOf(merged, "o3").holdState()).isEqualTo(HoldState.RESERVED);
    assertThat(holdOf(merged, "o3").available()).isEqualTo(6);
    assertThat(holdOf(merged, "o3").auditBalanced()).isTrue();
  }

  @Test
  void theMergingSidesHoldsOfTheLastUnitsGiveWayEarliestFirstAndNothingIsOversold() {
    apply(base, StockMutation.init(3), 1_000);
    split();
    apply(base, hold("a", 2), 2_000);
    apply(merging, hold("b", 2), 2_100);
    apply(merging, hold("c", 1), 2_200);

    StockRecord merged = merged();

    assertThat(holdOf(merged, "a").holdState()).isEqualTo(HoldState.RESERVED);
    assertThat(holdOf(merged, "b").holdState()).as("does not fit beside a").isEqualTo(HoldState.NONE);
    assertThat(holdOf(merged, "c").holdState()).isEqualTo(HoldState.RESERVED);
    assertThat(holdOf(merged, "c").available()).isZero();
    assertThat(holdOf(merged, "c").reserved()).isEqualTo(3);
  }

  @Test
  void aCommittedHoldTheBaseHasPrunedIsNotCountedTwice() {
    apply(base, StockMutation.init(10), 1_000);
    apply(base, hold("o1", 4), 1_001);
    apply(base, StockMutation.commit("o1"), 1_002);
    split();
    apply(base, StockMutation.restock(1), 1_002 + RETENTION + StockRecord.PRUNE_INTERVAL_MILLIS);

    StockRecord merged = merged();

    StockOutcome counters = holdOf(merged, "o1");
    assertThat(counters.holdState()).as("pruned by the base, not brought back").isEqualTo(HoldState.NONE);
    assertThat(counters.sold()).isEqualTo(4);
    assertThat(counters.available()).isEqualTo(7);
    assertThat(counters.auditBalanced()).isTrue();
  }

  @Test
  void aDecidedReservationBeatsAnOpenOneAndTheLaterAttemptBeatsTheEarlier() {
    Map<String, Long> items = Map.of("SKU-1", 1L);
    ReservationRecord rejectedEarlier = new ReservationRecord(ReservationRecord.State.REJECTED, items, "a1", 1_000);
    ReservationRecord reservedLater = new ReservationRecord(ReservationRecord.State.RESERVED, items, "a2", 2_000);
    ReservationRecord released = new ReservationRecord(ReservationRecord.State.RELEASED, items, "a1", 1_000);
    ReservationRecord reserving = new ReservationRecord(ReservationRecord.State.RESERVING, items, "a2", 2_000);

    assertThat(ReservationRecordMerge.wins(rejectedEarlier, reservedLater)).isFalse();
    assertThat(ReservationRecordMerge.wins(reservedLater, rejectedEarlier)).isTrue();
    assertThat(ReservationRecordMerge.wins(released, reservedLater)).isTrue();
    assertThat(ReservationRecordMerge.wins(reservedLater, released)).isFalse();
    assertThat(ReservationRecordMerge.wins(reservedLater, reserving)).as("same attempt, further").isTrue();
    assertThat(ReservationRecordMerge.wins(reserving, reservedLater)).isFalse();
  }
}

package dev.vxplatform.shared.contract.stock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.AbstractMap.SimpleEntry;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The stock processors as plain functions over one entry, as the partition owner runs them. */
class StockMutationTest {

  private final Map.Entry<String, StockRecord> entry = new SimpleEntry<>("SKU-1", null);

  private StockOutcome apply(StockMutation mutation) {
    return mutation.process(entry);
  }

  @Test
  void initCreatesOnceAndNeverOverwrites() {
    assertThat(apply(StockMutation.init(10)).result()).isEqualTo(StockResult.CREATED);
    apply(StockMutation.hold("o1", "a", 4));

    StockOutcome again = apply(StockMutation.init(99));

    assertThat(again.result()).isEqualTo(StockResult.EXISTS);
    assertThat(again.available()).isEqualTo(6);
  }

  @Test
  void changesOfAnUnknownSkuCreateNothing() {
    assertThat(apply(StockMutation.hold("o1", "a", 1)).result()).isEqualTo(StockResult.UNKNOWN_SKU);
    assertThat(apply(StockMutation.release("o1")).result()).isEqualTo(StockResult.UNKNOWN_SKU);
    assertThat(apply(StockMutation.restock(5)).result()).isEqualTo(StockResult.UNKNOWN_SKU);
    assertThat(entry.getValue()).isNull();
  }

  @Test
  void holdingTwiceForTheSameOrderHoldsOnce() {
    apply(StockMutation.init(10));

    StockOutcome first = apply(StockMutation.hold("o1", "a1", 3));
    StockOutcome second = apply(StockMutation.hold("o1", "a2", 3));

    assertThat(first.result()).isEqualTo(StockResult.HELD);
    assertThat(second.result()).isEqualTo(StockResult.ALREADY_HELD);
    assertThat(second.available()).isEqualTo(7);
    assertThat(second.reserved()).isEqualTo(3);
  }

  @Test
  void shortHoldMovesNothingAndReportsWhatIsAvailable() {
    apply(StockMutation.init(2));

    StockOutcome outcome = apply(StockMutation.hold("o1", "a", 3));

    assertThat(outcome.result()).isEqualTo(StockResult.SHORT);
    assertThat(outcome.available()).isEqualTo(2);
    assertThat(outcome.holdState()).isEqualTo(HoldState.NONE);
  }

  @Test
  void unholdRollsBackOnlyTheAttemptThatOwnsTheHold() {
    apply(StockMutation.init(10));
    apply(StockMutation.hold("o1", "a1", 3));
    apply(StockMutation.hold("o1", "a2", 3)); // a2 took over and adopted the hold

    assertThat(apply(StockMutation.unhold("o1", "a1")).result()).isEqualTo(StockResult.NO_CHANGE);
    StockOutcome rolledBack = apply(StockMutation.unhold("o1", "a2"));

    assertThat(rolledBack.result()).isEqualTo(StockResult.UNHELD);
    assertThat(rolledBack.available()).isEqualTo(10);
    assertThat(apply(StockMutation.hold("o1", "a3", 2)).result()).isEqualTo(StockResult.HELD);
  }

  @Test
  void releaseIsFinalAndRefusesALaterHold() {
    apply(StockMutation.init(10));
    apply(StockMutation.hold("o1", "a", 4));

    assertThat(apply(StockMutation.release("o1")).result()).isEqualTo(StockResult.RELEASED);
    assertThat(apply(StockMutation.release("o1")).result()).isEqualTo(StockResult.NO_CHANGE);
    assertThat(apply(StockMutation.hold("o1", "b", 4)).result()).isEqualTo(StockResult.REFUSED);
    assertThat(apply(StockMutation.commit("o1")).result()).isEqualTo(StockResult.MISSING);
    assertThat(StockQuery.counters().process(entry).available()).isEqualTo(10);
  }

  @Test
  void releaseBeforeAnyHoldLeavesATombstoneThatRefusesTheLateHold() {
    apply(StockMutation.init(10));

    assertThat(apply(StockMutation.release("o1")).result()).isEqualTo(StockResult.TOMBSTONED);
    assertThat(apply(StockMutation.hold("o1", "a", 1)).result()).isEqualTo(StockResult.REFUSED);
    assertThat(StockQuery.counters().process(entry).available()).isEqualTo(10);
  }

  @Test
  void commitSellsHeldUnitsOnce() {
    apply(StockMutation.init(10));
    apply(StockMutation.hold("o1", "a", 4));

    StockOutcome committed = apply(StockMutation.commit("o1"));
    StockOutcome again = apply(StockMutation.commit("o1"));

    assertThat(committed.result()).isEqualTo(StockResult.COMMITTED);
    assertThat(again.result()).isEqualTo(StockResult.NO_CHANGE);
    assertThat(again.sold()).isEqualTo(4);
    assertThat(again.reserved()).isZero();
    assertThat(apply(StockMutation.release("o1")).result()).isEqualTo(StockResult.NO_CHANGE);
  }

  @Test
  void randomSequencesConserveUnitsAndKeepCountersEqualToHolds() {
    Random random = new Random(42);
    apply(StockMutation.init(50));
    for (int i = 0; i < 5_000; i++) {
      String order = "o" + random.nextInt(200);
      StockMutation mutation = switch (random.nextInt(6)) {
        case 0, 1 -> StockMutation.hold(order, "a" + random.nextInt(2), 1 + random.nextInt(5));
        case 2 -> StockMutation.unhold(order, "a" + random.nextInt(2));
        case 3 -> StockMutation.release(order);
        case 4 -> StockMutation.commit(order);
        default -> StockMutation.restock(1 + random.nextInt(3));
      };
      apply(mutation);
    }
    StockOutcome audit = StockQuery.audit().process(entry);

    assertThat(audit.auditBalanced()).as("%s held=%d committed=%d", audit, audit.heldTotal(), audit.committedTotal())
        .isTrue();
    assertThat(audit.initial() + audit.restocked()).isEqualTo(audit.available() + audit.reserved() + audit.sold());
  }

  @Test
  void auditDetectsCountersThatDisagreeWithHolds() {
    apply(StockMutation.init(10));
    apply(StockMutation.hold("o1", "a", 4));

    StockOutcome plainRead = StockQuery.counters().process(entry);
    StockOutcome audit = StockQuery.audit().process(entry);

    assertThat(plainRead.auditBalanced()).as("a plain read does not sum holds").isFalse();
    assertThat(audit.auditBalanced()).isTrue();
  }
}

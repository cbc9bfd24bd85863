package dev.vxplatform.shared.contract.stock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.AbstractMap.SimpleEntry;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The stock processors as plain functions over one entry, as the partition owner runs them. */
class StockMutationTest {

  private final Map.Entry<String, StockRecord> entry = new SimpleEntry<>("SKU-1", null);

  private StockOutcome apply(StockMutation mutation) {
    return mutation.process(entry);
  }

  /** A hold of an attempt that began just now (refusing late attempts has a test of its own). */
  private static StockMutation hold(String orderId, String attempt, long qty) {
    return StockMutation.hold(orderId, attempt, System.currentTimeMillis(), qty, false);
  }

  @Test
  void initCreatesOnceAndNeverOverwrites() {
    assertThat(apply(StockMutation.init(10)).result()).isEqualTo(StockResult.CREATED);
    apply(hold("o1", "a", 4));

    StockOutcome again = apply(StockMutation.init(99));

    assertThat(again.result()).isEqualTo(StockResult.EXISTS);
    assertThat(again.available()).isEqualTo(6);
  }

  @Test
  void changesOfAnUnknownSkuCreateNothing() {
    assertThat(apply(hold("o1", "a", 1)).result()).isEqualTo(StockResult.UNKNOWN_SKU);
    assertThat(apply(StockMutation.release("o1")).result()).isEqualTo(StockResult.UNKNOWN_SKU);
    assertThat(apply(StockMutation.restock(5)).result()).isEqualTo(StockResult.UNKNOWN_SKU);
    assertThat(entry.getValue()).isNull();
  }

  @Test
  void holdingTwiceForTheSameOrderHoldsOnce() {
    apply(StockMutation.init(10));

    StockOutcome first = apply(hold("o1", "a1", 3));
    StockOutcome second = apply(hold("o1", "a2", 3));

    assertThat(first.result()).isEqualTo(StockResult.HELD);
    assertThat(second.result()).isEqualTo(StockResult.ALREADY_HELD);
    assertThat(second.available()).isEqualTo(7);
    assertThat(second.reserved()).isEqualTo(3);
  }

  @Test
  void shortHoldMovesNothingAndReportsWhatIsAvailable() {
    apply(StockMutation.init(2));

    StockOutcome outcome = apply(hold("o1", "a", 3));

    assertThat(outcome.result()).isEqualTo(StockResult.SHORT);
    assertThat(outcome.available()).isEqualTo(2);
    assertThat(outcome.holdState()).isEqualTo(HoldState.NONE);
  }

  @Test
  void unholdRollsBackOnlyTheAttemptThatOwnsTheHold() {
    apply(StockMutation.init(10));
    apply(hold("o1", "a1", 3));
    apply(hold("o1", "a2", 3)); // a2 took over and adopted the hold

    assertThat(apply(StockMutation.unhold("o1", "a1", 0)).result()).isEqualTo(StockResult.NO_CHANGE);
    StockOutcome rolledBack = apply(StockMutation.unhold("o1", "a2", 0));

    assertThat(rolledBack.result()).isEqualTo(StockResult.UNHELD);
    assertThat(rolledBack.available()).isEqualTo(10);
    assertThat(apply(hold("o1", "a3", 2)).result()).isEqualTo(StockResult.HELD);
  }

  @Test
  void releaseIsFinalAndRefusesALaterHold() {
    apply(StockMutation.init(10));
    apply(hold("o1", "a", 4));

    assertThat(apply(StockMutation.release("o1")).result()).isEqualTo(StockResult.RELEASED);
    assertThat(apply(StockMutation.release("o1")).result()).isEqualTo(StockResult.NO_CHANGE);
    assertThat(apply(hold("o1", "b", 4)).result()).isEqualTo(StockResult.REFUSED);
    assertThat(apply(StockMutation.commit("o1")).result()).isEqualTo(StockResult.MISSING);
    assertThat(StockQuery.counters().process(entry).available()).isEqualTo(10);
  }

  @Test
  void releaseBeforeAnyHoldLeavesATombstoneThatRefusesTheLateHold() {
    apply(StockMutation.init(10));

    assertThat(apply(StockMutation.release("o1")).result()).isEqualTo(StockResult.TOMBSTONED);
    assertThat(apply(hold("o1", "a", 1)).result()).isEqualTo(StockResult.REFUSED);
    assertThat(StockQuery.counters().process(entry).available()).isEqualTo(10);
  }

  @Test
  void commitSellsHeldUnitsOnce() {
    apply(StockMutation.init(10));
    apply(hold("o1", "a", 4));

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
        case 0, 1 -> hold(order, "a" + random.nextInt(2), 1 + random.nextInt(5));
        case 2 -> StockMutation.unhold(order, "a" + random.nextInt(2), 0);
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

  /**
   * A mutation works on a copy (so a write the database refuses leaves memory as it was), and copies share holds
   * until they change them: no later mutation, pruning included, may show through in a record it started from.
   */
  @Test
  void everyEarlierRecordStaysAsItWasWhateverLaterMutationsDo() {
    Random random = new Random(11);
    StockMutation.init(500).at(0, 40).process(entry);
    Map<StockRecord, String> earlier = new IdentityHashMap<>();
    for (int t = 1; t <= 3_000; t++) {
      String order = "o" + random.nextInt(400);
      StockMutation mutation = switch (random.nextInt(5)) {
        case 0, 1 -> StockMutation.hold(order, "a" + random.nextInt(2), t, 1 + random.nextInt(3), false);
        case 2 -> StockMutation.unhold(order, "a" + random.nextInt(2), 0);
        case 3 -> StockMutation.release(order);
        default -> StockMutation.commit(order);
      };
      if (t % 97 == 0) {
        earlier.put(entry.getValue(), auditOf(entry.getValue()));
      }
      mutation.at(t, 40).process(entry);
    }

    assertThat(earlier).hasSizeGreaterThan(25);
    earlier.forEach((record, audit) -> assertThat(auditOf(record)).isEqualTo(audit));
  }

  private static String auditOf(StockRecord record) {
    StringBuilder holds = new StringBuilder();
    record.holds().toMap().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(hold -> holds.append(hold.getKey()).append('=').append(hold.getValue()).append(';'));
    return StockQuery.audit().process(new SimpleEntry<>("SKU-1", record)) + " " + holds;
  }

  @Test
  void finishedHoldsAreForgottenOnceTheRetentionHasPassedAndStillCountInTheAudit() {
    long retention = 10_000;
    apply(StockMutation.init(10).at(0, retention));
    apply(hold("o1", "a", 3).at(1, retention));
    apply(StockMutation.commit("o1").at(2, retention));
    apply(StockMutation.release("o2").at(3, retention)); // a tombstone
    apply(hold("o3", "a", 1).at(4, retention));

    StockOutcome early = apply(StockMutation.restock(1).at(retention + 1, retention));
    StockOutcome later = apply(StockMutation.restock(1).at(2 * retention + 1, retention));
    StockOutcome audit = StockQuery.audit().process(entry);

    assertThat(early.holds()).as("finished less than the retention ago: kept").isEqualTo(3);
    assertThat(later.holds()).as("only the reserved hold is left").isEqualTo(1);
    assertThat(audit.sold()).isEqualTo(3);
    assertThat(audit.reserved()).isEqualTo(1);
    assertThat(audit.auditBalanced()).as("a forgotten commit still counts as sold").isTrue();
    assertThat(apply(StockMutation.commit("o1").at(2 * retention + 2, retention)).result())
        .as("a commit repeated after the retention finds no hold; it changes nothing").isEqualTo(StockResult.MISSING);
    assertThat(StockQuery.counters().process(entry).sold()).isEqualTo(3);
  }

  @Test
  void aLateHoldOfAnAttemptThatBeganBeforeThePruneCutOffIsRefused() {
    long retention = 10_000;
    apply(StockMutation.init(10).at(0, retention));
    apply(StockMutation.hold("o1", "a", 1, 3, false).at(1, retention));
    apply(StockMutation.release("o1").at(2, retention));
    apply(StockMutation.restock(1).at(retention + 100, retention)); // forgets o1's hold: cut-off at 100

    StockOutcome late = apply(StockMutation.hold("o1", "a", 1, 3, false).at(retention + 200, retention));
    StockOutcome fresh = apply(StockMutation.hold("o2", "b", retention + 150, 3, false).at(retention + 200, retention));

    assertThat(late.result()).as("o1's release was forgotten; its attempt's start refuses it").isEqualTo(
        StockResult.REFUSED);
    assertThat(fresh.result()).as("an attempt that began after the cut-off").isEqualTo(StockResult.HELD);
    assertThat(fresh.available()).as("only o2 holds units").isEqualTo(10 + 1 - 3);
    assertThat(StockQuery.audit().process(entry).auditBalanced()).isTrue();
  }

  @Test
  void randomSequencesWithPruningConserveUnitsAndKeepTheAuditBalanced() {
    StockOutcome kept = randomSequence(Long.MAX_VALUE / 2);
    StockOutcome pruned = randomSequence(50);

    assertThat(pruned.auditBalanced()).as("%s held=%d committed=%d", pruned, pruned.heldTotal(),
        pruned.committedTotal()).isTrue();
    assertThat(kept.auditBalanced()).isTrue();
    assertThat(pruned.sold()).as("units were sold").isPositive();
    assertThat(kept.holds()).as("every order finished, each hold kept").isEqualTo(1_000);
    assertThat(pruned.holds()).as("every order finished more than 50 ticks ago: nothing kept").isZero();
  }

  /**
   * 5 000 random changes at ticks 1, 2, ..., then a release of every order (so each hold is finished) and, 200 ticks
   * later, one more change; finished holds are kept {@code retention} ticks. Returns the audit.
   */
  private StockOutcome randomSequence(long retention) {
    Map.Entry<String, StockRecord> sku = new SimpleEntry<>("SKU-R", null);
    Random random = new Random(7);
    StockMutation.init(50).at(0, retention).process(sku);
    for (int t = 1; t <= 5_000; t++) {
      String order = "o" + random.nextInt(1_000);
      StockMutation mutation = switch (random.nextInt(5)) {
        case 0, 1 -> hold(order, "a", 1 + random.nextInt(3));
        case 2 -> StockMutation.release(order);
        case 3 -> StockMutation.commit(order);
        default -> StockMutation.restock(1 + random.nextInt(3));
      };
      mutation.at(t, retention).process(sku);
    }
    for (int order = 0; order < 1_000; order++) {
      StockMutation.release("o" + order).at(5_001, retention).process(sku);
    }
    StockMutation.restock(1).at(5_201, retention).process(sku);
    return StockQuery.audit().process(sku);
  }

  @Test
  void auditDetectsCountersThatDisagreeWithHolds() {
    apply(StockMutation.init(10));
    apply(hold("o1", "a", 4));

    StockOutcome plainRead = StockQuery.counters().process(entry);
    StockOutcome audit = StockQuery.audit().process(entry);

    assertThat(plainRead.auditBalanced()).as("a plain read does not sum holds").isFalse();
    assertThat(audit.auditBalanced()).isTrue();
  }
}

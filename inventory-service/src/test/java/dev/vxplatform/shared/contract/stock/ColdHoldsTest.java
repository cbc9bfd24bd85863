package dev.vxplatform.shared.contract.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.AbstractMap.SimpleEntry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The stock processors and cold holds ({@link ColdHolds}): reserved holds that left memory for the table, as the
 * partition owner and its backups run them. The table is a lambda here; {@code ColdHoldsIT} uses the real one.
 */
class ColdHoldsTest {

  private final Map.Entry<String, StockRecord> entry = new SimpleEntry<>("SKU-1", null);

  private StockOutcome apply(StockMutation mutation) {
    return mutation.process(entry);
  }

  private static StockMutation hold(String orderId, String attempt, long qty) {
    return StockMutation.hold(orderId, attempt, System.currentTimeMillis(), qty, false);
  }

  @Test
  void reservedHoldsUntouchedForTheWarmTimeLeaveMemoryAndStillCountInTheAudit() {
    long retention = 1_000;
    long warm = 100;
    apply(StockMutation.init(10).at(0, retention, warm));
    apply(hold("o1", "a", 3).at(1, retention, warm));
    apply(StockMutation.release("o2").at(2, retention, warm)); // a finished hold: kept for the retention

    StockOutcome pruned = apply(StockMutation.restock(1).at(warm + 2, retention, warm));

    assertThat(pruned.holds()).as("o1's hold is counted, cold, beside o2's tombstone").isEqualTo(2);
    StockOutcome audit = StockQuery.audit().process(entry);
    assertThat(audit.reserved()).isEqualTo(3);
    assertThat(audit.auditBalanced()).as("a cold hold counts by its units").isTrue();
    assertThatThrownBy(() -> apply(StockMutation.commit("o1").at(warm + 3, retention, warm)))
        .as("committing o1 needs its hold from the table, which a member without one cannot read")
        .isInstanceOf(IllegalStateException.class);
    assertThat(StockQuery.counters().process(entry).reserved()).as("the failed commit changed nothing").isEqualTo(3);
    assertThat(apply(StockMutation.hold("o3", "b", warm + 3, 2, true).at(warm + 4, retention, warm)).result())
        .as("an order's first attempt has no hold to look for").isEqualTo(StockResult.HELD);
  }

  @Test
  void aBackupWarmsTheOwnersColdHoldOnlyIfItsRecordIsTheOneTheOwnerChanged() {
    long warm = 100;
    apply(StockMutation.init(10).at(0, 1_000, warm));
    apply(StockMutation.hold("o1", "a", 1, 3, true).at(1, 1_000, warm));
    apply(StockMutation.restock(1).at(warm + 2, 1_000, warm)); // o1's hold goes cold
    StockRecord before = entry.getValue();
    Hold inTheTable = new Hold(3, HoldState.RESERVED, "a", 1);
    StockMutation unhold = StockMutation.unhold("o1", "a", 1).at(warm + 3, 1_000, warm)
        .readingColdHoldsFrom((sku, orderId, coldUpTo) -> inTheTable);

    StockOutcome onOwner = apply(unhold);
    StockMutation backup = unhold.getBackupProcessor();
    StockOutcome inSync = backup.process(new SimpleEntry<>("SKU-1", before));
    StockOutcome loadedAfter = backup.process(new SimpleEntry<>("SKU-1", entry.getValue()));

    assertThat(onOwner.result()).isEqualTo(StockResult.UNHELD);
    assertThat(onOwner.available()).isEqualTo(11);
    assertThat(inSync.result()).as("a backup in step replays the change").isEqualTo(StockResult.UNHELD);
    assertThat(inSync.available()).isEqualTo(11);
    assertThat(loadedAfter.result()).as("a backup that loaded the record after it has the change already")
        .isEqualTo(StockResult.NO_CHANGE);
    assertThat(loadedAfter.available()).as("not rolled back twice").isEqualTo(11);
  }
}

package dev.vxplatform.shared.contract.stock;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import java.util.AbstractMap.SimpleEntry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Round trips through Hazelcast's default serialization service (no factories, no config), as between
 * members: a copied record and copied processors must behave exactly like the originals.
 */
class SerializationTest {

  private final SerializationService serialization = new DefaultSerializationServiceBuilder().build();

  private <T> T roundTrip(T value) {
    Data data = serialization.toData(value);
    return serialization.toObject(data);
  }

  /** A hold of an attempt that began just now (refusing late attempts has a test of its own). */
  private static StockMutation hold(String orderId, String attempt, long qty) {
    return StockMutation.hold(orderId, attempt, System.currentTimeMillis(), qty, false);
  }

  @Test
  void stockRecordWithHoldsSurvivesARoundTrip() {
    Map.Entry<String, StockRecord> entry = new SimpleEntry<>("SKU", null);
    StockMutation.init(10).process(entry);
    hold("o1", "a1", 3).process(entry);
    hold("o2", "a2", 2).process(entry);
    StockMutation.commit("o2").process(entry);
    StockMutation.release("o3").process(entry);

    Map.Entry<String, StockRecord> copy = new SimpleEntry<>("SKU", roundTrip(entry.getValue()));

    StockOutcome audit = roundTrip(StockQuery.audit()).process(copy);
    assertThat(audit.available()).isEqualTo(5);
    assertThat(audit.reserved()).isEqualTo(3);
    assertThat(audit.sold()).isEqualTo(2);
    assertThat(audit.holds()).isEqualTo(3);
    assertThat(audit.auditBalanced()).isTrue();
    assertThat(roundTrip(hold("o3", "x", 1)).process(copy).result()).isEqualTo(StockResult.REFUSED);
    assertThat(roundTrip(StockMutation.unhold("o1", "a1", 0)).process(copy).result()).isEqualTo(StockResult.UNHELD);
  }

  @Test
  void finishTimesAndPrunedSalesSurviveARoundTrip() {
    long retention = 120_000; // pruning then runs at most once a minute
    Map.Entry<String, StockRecord> entry = new SimpleEntry<>("SKU", null);
    roundTrip(StockMutation.init(10).at(0, retention)).process(entry);
    roundTrip(hold("o1", "a", 4).at(1, retention)).process(entry);
    roundTrip(StockMutation.commit("o1").at(2, retention)).process(entry);
    roundTrip(hold("o2", "a", 1).at(3, retention)).process(entry);
    roundTrip(StockMutation.restock(1).at(100_000, retention)).process(entry); // a prune: nothing old enough yet
    roundTrip(StockMutation.release("o2").at(150_000, retention)).process(entry);

    Map.Entry<String, StockRecord> copy = new SimpleEntry<>("SKU", roundTrip(entry.getValue()));
    StockOutcome first = roundTrip(StockMutation.restock(1).at(160_000, retention)).process(copy);
    StockOutcome second = roundTrip(StockMutation.restock(1).at(280_000, retention)).process(copy);

    assertThat(first.holds()).as("o1 (finished at 2 ms) forgotten at 160 s, o2 (at 150 s) kept").isEqualTo(1);
    assertThat(second.holds()).as("o2 forgotten at 280 s").isZero();
    StockOutcome audit = StockQuery.audit().process(copy);
    assertThat(audit.sold()).isEqualTo(4);
    assertThat(audit.auditBalanced()).as("the forgotten sale still counts after the round trip").isTrue();
  }

  @Test
  void outcomesSurviveARoundTrip() {
    Map.Entry<String, StockRecord> entry = new SimpleEntry<>("SKU", null);
    StockMutation.init(4).process(entry);
    StockOutcome outcome = roundTrip(hold("o1", "a", 3).process(entry));
    assertThat(outcome.result()).isEqualTo(StockResult.HELD);
    assertThat(outcome.holdState()).isEqualTo(HoldState.RESERVED);
    assertThat(outcome.holdQty()).isEqualTo(3);

    Map.Entry<String, ReservationRecord> order = new SimpleEntry<>("o1", null);
    ReservationOutcome begun = roundTrip(
        roundTrip(ReservationMutation.begin(Map.of("SKU", 3L), "a", 7, 100)).process(order));
    assertThat(begun.result()).isEqualTo(ReservationResult.STARTED);
    assertThat(begun.record().items()).containsExactly(Map.entry("SKU", 3L));
    assertThat(begun.record().since()).isEqualTo(7);
    assertThat(roundTrip(ReservationMutation.release().process(order)).record()).isNotNull();
    assertThat(roundTrip(ReservationMutation.commit().process(new SimpleEntry<>("none", null))).record()).isNull();
  }

  /**
   * The backup of a restock, as it arrives on a backup: it adds to a replica that had the record before the owner
   * changed it, and adds nothing to one that loaded the record from the table after the owner wrote it through.
   */
  @Test
  void restockOnABackupAddsOnceWhetherOrNotTheBackupAlreadyHasIt() {
    Map.Entry<String, StockRecord> owner = new SimpleEntry<>("SKU", null);
    StockMutation.init(100).process(owner);
    StockRecord before = roundTrip(owner.getValue());
    StockMutation restock = StockMutation.restock(10);
    restock.process(owner);
    StockRecord loadedAfter = roundTrip(owner.getValue());

    Map.Entry<String, StockRecord> heldBefore = new SimpleEntry<>("SKU", before);
    Map.Entry<String, StockRecord> loaded = new SimpleEntry<>("SKU", loadedAfter);
    StockOutcome fromBefore = roundTrip(restock.getBackupProcessor()).process(heldBefore);
    StockOutcome fromLoaded = roundTrip(restock.getBackupProcessor()).process(loaded);

    assertThat(fromBefore.available()).isEqualTo(110);
    assertThat(fromLoaded.available()).isEqualTo(110);
    assertThat(fromLoaded.restocked()).isEqualTo(10);
  }
}

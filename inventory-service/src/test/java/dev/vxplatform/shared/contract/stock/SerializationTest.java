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

  @Test
  void stockRecordWithHoldsSurvivesARoundTrip() {
    Map.Entry<String, StockRecord> entry = new SimpleEntry<>("SKU", null);
    StockMutation.init(10).process(entry);
    StockMutation.hold("o1", "a1", 3).process(entry);
    StockMutation.hold("o2", "a2", 2).process(entry);
    StockMutation.commit("o2").process(entry);
    StockMutation.release("o3").process(entry);

    Map.Entry<String, StockRecord> copy = new SimpleEntry<>("SKU", roundTrip(entry.getValue()));

    StockOutcome audit = roundTrip(StockQuery.audit()).process(copy);
    assertThat(audit.available()).isEqualTo(5);
    assertThat(audit.reserved()).isEqualTo(3);
    assertThat(audit.sold()).isEqualTo(2);
    assertThat(audit.holds()).isEqualTo(3);
    assertThat(audit.auditBalanced()).isTrue();
    assertThat(roundTrip(StockMutation.hold("o3", "x", 1)).process(copy).result()).isEqualTo(StockResult.REFUSED);
    assertThat(roundTrip(StockMutation.unhold("o1", "a1")).process(copy).result()).isEqualTo(StockResult.UNHELD);
  }

  @Test
  void outcomesSurviveARoundTrip() {
    Map.Entry<String, StockRecord> entry = new SimpleEntry<>("SKU", null);
    StockMutation.init(4).process(entry);
    StockOutcome outcome = roundTrip(StockMutation.hold("o1", "a", 3).process(entry));
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
}

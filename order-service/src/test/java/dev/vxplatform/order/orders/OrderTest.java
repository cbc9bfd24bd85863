package dev.vxplatform.order.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OrderTest {

  private static final OrderRequest REQUEST = new OrderRequest("c1", List.of(new OrderLine("a", 2)));

  @Test
  void encodingADecodedOrderGivesBackTheStoredTextExactly() {
    Order rejected = Order.pending(Order.newId(), REQUEST, 1_700_000_000_000L)
        .moveTo(OrderStatus.REJECTED, 1_700_000_000_500L, "insufficient stock \"ü\"",
            new JsonArray().add(new JsonObject().put("sku", "a").put("requested", 2).put("available", 1)));

    String stored = rejected.encode();

    assertThat(Order.decode(stored)).isEqualTo(rejected);
    assertThat(Order.decode(stored).encode()).isEqualTo(stored);
  }

  @Test
  void movesAlongTheAllowedTransitionsAndCountsVersions() {
    Order pending = Order.pending("o1", REQUEST, 1);
    Order completed = pending.moveTo(OrderStatus.CONFIRMED, 2).moveTo(OrderStatus.COMPLETED, 3);

    assertThat(completed.status()).isEqualTo(OrderStatus.COMPLETED);
    assertThat(completed.version()).isEqualTo(3);
    assertThat(completed.updatedAt()).isEqualTo(3);
    assertThat(completed.createdAt()).isEqualTo(1);
  }

  @Test
  void refusesIllegalTransitionsWith409() {
    Order cancelled = Order.pending("o1", REQUEST, 1).moveTo(OrderStatus.CANCELLED, 2);

    assertThatThrownBy(() -> cancelled.moveTo(OrderStatus.COMPLETED, 3))
        .isInstanceOfSatisfying(IllegalTransitionException.class, e -> assertThat(e.status()).isEqualTo(409));
    assertThatThrownBy(() -> Order.pending("o2", REQUEST, 1).moveTo(OrderStatus.COMPLETED, 2))
        .isInstanceOf(IllegalTransitionException.class);
    assertThat(OrderStatus.REJECTED.canMoveTo(OrderStatus.CANCELLED)).isFalse();
  }

  @Test
  void newIdsSortInCreationOrder() {
    List<String> ids = IntStream.range(0, 1000).mapToObj(i -> Order.newId()).toList();

    assertThat(ids).isSorted().doesNotHaveDuplicates();
  }
}

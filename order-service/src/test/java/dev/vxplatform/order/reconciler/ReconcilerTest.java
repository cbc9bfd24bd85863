package dev.vxplatform.order.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.order.orders.Order;
import dev.vxplatform.order.orders.OrderLine;
import dev.vxplatform.order.orders.OrderRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconcilerTest {

  private static final Order ORDER = Order.pending("o1",
      new OrderRequest("c", List.of(new OrderLine("a", 2), new OrderLine("b", 1))), 1);

  @Test
  void fullyReservedNeedsEveryLineHeldWithItsQuantity() {
    assertThat(Reconciler.fullyReserved(ORDER, reservation("RESERVED", line("a", 2), line("b", 1)))).isTrue();
    assertThat(Reconciler.fullyReserved(ORDER, reservation("RESERVED", line("a", 2)))).isFalse();
    assertThat(Reconciler.fullyReserved(ORDER, reservation("RESERVED", line("a", 1), line("b", 1)))).isFalse();
    assertThat(Reconciler.fullyReserved(ORDER, reservation("NONE"))).isFalse();
    assertThat(Reconciler.fullyReserved(ORDER, reservation("RELEASED", line("a", 2), line("b", 1)))).isFalse();
  }

  private static JsonObject reservation(String state, JsonObject... lines) {
    return new JsonObject().put("orderId", "o1").put("state", state).put("items", new JsonArray(List.of(lines)));
  }

  private static JsonObject line(String sku, int qty) {
    return new JsonObject().put("sku", sku).put("qty", qty).put("state", "RESERVED");
  }
}

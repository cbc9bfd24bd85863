package dev.vxplatform.order.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.order.testing.FakeInventoryVerticle;
import dev.vxplatform.order.testing.FakeInventoryVerticle.Mode;
import dev.vxplatform.order.testing.FixedInstanceView;
import dev.vxplatform.shared.contract.InventoryContract;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The client against a fake inventory on a local event bus: what counts as unavailable, and when it fails fast. */
@ExtendWith(VertxExtension.class)
class InventoryClientTest {

  private static final InventoryClientOptions OPTIONS = new InventoryClientOptions(200, 2, 10_000);
  private final FixedInstanceView view = new FixedInstanceView()
      .withEventBusService(InventoryContract.SERVICE, InventoryContract.RESERVE);
  private FakeInventoryVerticle inventory;
  private InventoryClient client;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext context) {
    inventory = new FakeInventoryVerticle(Map.of("a", 1), Mode.NORMAL, false, 0);
    client = new InventoryClient(vertx, view, OPTIONS, "test");
    vertx.deployVerticle(inventory).onComplete(context.succeedingThenComplete());
  }

  @AfterEach
  void stop() {
    client.close();
  }

  @Test
  void insufficientStockIsARejectionWithTheShortSkusAndNotABreakerFailure(VertxTestContext context) {
    Future<JsonObject> first = reserve("o1", 5);
    Future<JsonObject> second = first.recover(e -> reserve("o2", 5));
    Future.join(first, second).onComplete(context.failing(failure -> context.verify(() -> {
      assertThat(first.cause()).isInstanceOfSatisfying(InventoryRejectedException.class, rejected -> {
        assertThat(rejected.status()).isEqualTo(409);
        assertThat(rejected.shortItems().getJsonObject(0).getString("sku")).isEqualTo("a");
      });
      assertThat(second.cause()).isInstanceOf(InventoryRejectedException.class);
      assertThat(client.state()).isEqualTo(CircuitBreakerState.CLOSED);
      context.completeNow();
    })));
  }

  @Test
  void timeoutsOpenTheCircuitAndThenCallsFailFast(VertxTestContext context) {
    inventory.setMode(Mode.SILENT);
    long started = System.nanoTime();
    reserve("o1", 1)
        .recover(e -> reserve("o2", 1))
        .recover(e -> {
          long openAt = System.nanoTime();
          return reserve("o3", 1).onComplete(ar -> context.verify(() -> {
            assertThat(ar.cause()).isInstanceOf(InventoryUnavailableException.class)
                .hasMessageContaining("circuit");
            assertThat((System.nanoTime() - openAt) / 1_000_000).isLessThan(100);
            assertThat((openAt - started) / 1_000_000).isGreaterThanOrEqualTo(2 * OPTIONS.timeoutMillis());
            assertThat(client.state()).isEqualTo(CircuitBreakerState.OPEN);
            assertThat(((InventoryUnavailableException) ar.cause()).retryAfterSeconds()).isEqualTo(10);
            context.completeNow();
          }));
        });
  }

  @Test
  void noInventoryInDiscoveryFailsAtOnceWithoutCalling(VertxTestContext context) {
    view.clear();
    reserve("o1", 1).onComplete(context.failing(failure -> context.verify(() -> {
      assertThat(failure).isInstanceOf(InventoryUnavailableException.class).hasMessageContaining("discovery");
      assertThat(inventory.reserveCalls()).isZero();
      context.completeNow();
    })));
  }

  @Test
  void reservesReleasesAndDescribesPerTheContract(VertxTestContext context) {
    reserve("o1", 1)
        .compose(reserved -> client.reservation("o1"))
        .compose(held -> client.release("o1").map(released -> held.put("released", released)))
        .onComplete(context.succeeding(held -> context.verify(() -> {
          assertThat(held.getString("state")).isEqualTo("RESERVED");
          assertThat(held.getJsonObject("released").getBoolean("changed")).isTrue();
          assertThat(inventory.counts("a")).containsExactly(1, 0, 0);
          context.completeNow();
        })));
  }

  private Future<JsonObject> reserve(String orderId, int qty) {
    return client.reserve(orderId, new JsonArray().add(new JsonObject().put("sku", "a").put("qty", qty)));
  }
}

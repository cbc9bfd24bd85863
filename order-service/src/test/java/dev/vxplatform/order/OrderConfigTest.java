package dev.vxplatform.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vxplatform.order.idempotency.IdempotencyOptions;
import dev.vxplatform.order.inventory.InventoryClientOptions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrderConfigTest {

  @Test
  void defaultsWhenNothingIsSet() {
    OrderConfig config = OrderConfig.fromEnv(env());

    assertThat(config.http().port()).isEqualTo(OrderConfig.DEFAULT_HTTP_PORT);
    assertThat(config.inventory()).isEqualTo(InventoryClientOptions.defaults());
    assertThat(config.idempotency()).isEqualTo(IdempotencyOptions.defaults());
    assertThat(config.reconciler().enabled()).isTrue();
    assertThat(config.backupCount()).isEqualTo(1);
  }

  @Test
  void readsEveryKeyFromTheEnvironment() {
    OrderConfig config = OrderConfig.fromEnv(env(
        "HTTP_PORT", "0", "INVENTORY_TIMEOUT_MS", "1500", "INVENTORY_BREAKER_MAX_FAILURES", "4",
        "INVENTORY_BREAKER_RESET_MS", "8000", "IDEMPOTENCY_WAIT_MS", "2000", "RECONCILER_ENABLED", "false",
        "RECONCILER_BATCH", "7", "ORDERS_BACKUP_COUNT", "2"));

    assertThat(config.http().port()).isZero();
    assertThat(config.inventory()).isEqualTo(new InventoryClientOptions(1500, 4, 8000));
    assertThat(config.inventory().retryAfterSeconds()).isEqualTo(8);
    assertThat(config.idempotency().waitMillis()).isEqualTo(2000);
    assertThat(config.reconciler().enabled()).isFalse();
    assertThat(config.reconciler().batchSize()).isEqualTo(7);
    assertThat(config.backupCount()).isEqualTo(2);
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> OrderConfig.fromEnv(env("INVENTORY_TIMEOUT_MS", "soon")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("INVENTORY_TIMEOUT_MS");
    assertThatThrownBy(() -> OrderConfig.fromEnv(env("RECONCILER_INTERVAL_MS", "1")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new IdempotencyOptions(5000, 1000, 25))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** The variables, and the token key every service needs (read at start, not here). */
  private static Map<String, String> env(String... pairs) {
    Map<String, String> vars = new HashMap<>(Map.of("JWT_PUBLIC_KEY_FILE", "/keys/jwt-public.pem"));
    for (int i = 0; i < pairs.length; i += 2) {
      vars.put(pairs[i], pairs[i + 1]);
    }
    return vars;
  }
}

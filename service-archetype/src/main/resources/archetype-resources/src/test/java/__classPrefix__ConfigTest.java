package ${package};

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vxplatform.shared.cluster.DurableMaps;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ${classPrefix}ConfigTest {

  @Test
  void readsTheEnvironment() {
    ${classPrefix}Config config = ${classPrefix}Config.fromEnv(env("HTTP_PORT", "9001", "GREETING", " Hi ",
        "SERVICE_VERSION", "2.1.0", "GREETINGS_BACKUP_COUNT", "2", "GREETINGS_MAX_ENTRIES_PER_NODE", "500"));

    assertThat(config.http().port()).isEqualTo(9001);
    assertThat(config.greeting()).isEqualTo("Hi");
    assertThat(config.registry().version()).isEqualTo("2.1.0");
    assertThat(config.backupCount()).isEqualTo(2);
    assertThat(config.maxEntriesPerNode()).isEqualTo(500);
  }

  @Test
  void usesTheDefaultsWhenNothingIsSet() {
    ${classPrefix}Config config = ${classPrefix}Config.fromEnv(env());

    assertThat(config.http().port()).isEqualTo(${classPrefix}Config.DEFAULT_HTTP_PORT);
    assertThat(config.greeting()).isEqualTo(${classPrefix}Config.DEFAULT_GREETING);
    assertThat(config.backupCount()).isEqualTo(DurableMaps.DEFAULT_BACKUP_COUNT);
    assertThat(config.maxEntriesPerNode()).isEqualTo(${classPrefix}Config.DEFAULT_MAX_ENTRIES_PER_NODE);
  }

  @Test
  void refusesABlankOrOverlongGreeting() {
    assertThatThrownBy(() -> ${classPrefix}Config.fromEnv(env("GREETING", "  ")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GREETING");
    String overlong = "x".repeat(${classPrefix}Config.MAX_GREETING_LENGTH + 1);
    assertThatThrownBy(() -> ${classPrefix}Config.fromEnv(env("GREETING", overlong)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GREETING");
  }

  @Test
  void refusesBackupsAndBoundsHazelcastCannotHonour() {
    assertThatThrownBy(() -> ${classPrefix}Config.fromEnv(env("GREETINGS_BACKUP_COUNT", "7")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GREETINGS_BACKUP_COUNT");
    assertThatThrownBy(() -> ${classPrefix}Config.fromEnv(env("GREETINGS_MAX_ENTRIES_PER_NODE", "0")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GREETINGS_MAX_ENTRIES_PER_NODE");
    assertThatThrownBy(() -> ${classPrefix}Config.fromEnv(env("GREETINGS_MAX_ENTRIES_PER_NODE", "many")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GREETINGS_MAX_ENTRIES_PER_NODE");
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

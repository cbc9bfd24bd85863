package ${package};

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ${classPrefix}ConfigTest {

  @Test
  void readsTheEnvironment() {
    ${classPrefix}Config config = ${classPrefix}Config.fromEnv(Map.of("HTTP_PORT", "9001", "GREETING", " Hi ",
        "SERVICE_VERSION", "2.1.0"));

    assertThat(config.http().port()).isEqualTo(9001);
    assertThat(config.greeting()).isEqualTo("Hi");
    assertThat(config.registry().version()).isEqualTo("2.1.0");
  }

  @Test
  void usesTheDefaultsWhenNothingIsSet() {
    ${classPrefix}Config config = ${classPrefix}Config.fromEnv(Map.of());

    assertThat(config.http().port()).isEqualTo(${classPrefix}Config.DEFAULT_HTTP_PORT);
    assertThat(config.greeting()).isEqualTo(${classPrefix}Config.DEFAULT_GREETING);
  }

  @Test
  void refusesABlankOrOverlongGreeting() {
    assertThatThrownBy(() -> ${classPrefix}Config.fromEnv(Map.of("GREETING", "  ")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GREETING");
    String overlong = "x".repeat(${classPrefix}Config.MAX_GREETING_LENGTH + 1);
    assertThatThrownBy(() -> ${classPrefix}Config.fromEnv(Map.of("GREETING", overlong)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GREETING");
  }
}

package dev.vxplatform.shared.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvTest {

  private final Env env = Env.of(Map.of("N", " 42 ", "BLANK", " ", "BAD", "4x", "YES", "TRUE", "HUGE", "9999999999"));

  @Test
  void blankOrMissingMeansTheDefault() {
    assertThat(env.number("MISSING", 7)).isEqualTo(7);
    assertThat(env.number("BLANK", 7)).isEqualTo(7);
    assertThat(env.string("BLANK", "d")).isEqualTo("d");
    assertThat(env.has("BLANK")).isFalse();
  }

  @Test
  void readsTrimmedValues() {
    assertThat(env.integer("N", 0)).isEqualTo(42);
    assertThat(env.flag("YES", false)).isTrue();
  }

  @Test
  void malformedValuesNameTheVariable() {
    assertThatThrownBy(() -> env.number("BAD", 0)).hasMessageContaining("BAD").hasMessageContaining("4x");
    assertThatThrownBy(() -> env.integer("HUGE", 0)).hasMessageContaining("HUGE");
    assertThatThrownBy(() -> Env.of(Map.of("F", "yes")).flag("F", false)).hasMessageContaining("true or false");
  }
}

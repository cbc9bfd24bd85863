package ${package}.greeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vxplatform.shared.web.ProblemException;
import io.vertx.core.json.JsonObject;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GreetingTest {

  @Test
  void greetsByNameWithTheSalutationOfTheBody() {
    JsonObject json = Greeting.fromJson(new JsonObject().put("name", "Jean-Luc O'Neill").put("salutation", " Hi "),
        "Hello").toJson();

    assertThat(json.getString("greeting")).isEqualTo("Hi, Jean-Luc O'Neill!");
    assertThat(json.getString("name")).isEqualTo("Jean-Luc O'Neill");
    assertThat(json.getString("salutation")).isEqualTo("Hi");
  }

  @Test
  void aBodyWithoutSalutationGetsTheConfiguredOne() {
    assertThat(Greeting.fromJson(new JsonObject().put("name", "Ada"), "Hello").salutation()).isEqualTo("Hello");
  }

  @Test
  void aStoredDocumentReadsBackAsTheSameGreeting() {
    Greeting greeting = new Greeting("Good morning", "Ada");

    assertThat(Greeting.fromDocument(greeting.document())).isEqualTo(greeting);
  }

  static Stream<Arguments> invalidBodies() {
    return Stream.of(
        Arguments.of("{}", "'name' is required"),
        Arguments.of("{\"name\":null}", "'name' is required"),
        Arguments.of("{\"name\":42}", "'name' must be a string"),
        Arguments.of("{\"name\":\"\"}", "'name' must be 1-"),
        Arguments.of("{\"name\":\"4da\"}", "starting with a letter"),
        Arguments.of("{\"name\":\"<script>\"}", "'name' must be"),
        Arguments.of("{\"name\":\"" + "a".repeat(Greeting.MAX_NAME_LENGTH + 1) + "\"}", "'name' must be"),
        Arguments.of("{\"name\":\"Ada\",\"salutation\":\"  \"}", "'salutation' must be"),
        Arguments.of("{\"name\":\"Ada\",\"salutation\":7}", "'salutation' must be"),
        Arguments.of("{\"name\":\"Ada\",\"salutation\":\"" + "h".repeat(Greeting.MAX_SALUTATION_LENGTH + 1) + "\"}",
            "'salutation' must be"));
  }

  @ParameterizedTest
  @MethodSource("invalidBodies")
  void refusesInvalidBodiesWithA400NamingTheField(String json, String message) {
    assertThatThrownBy(() -> Greeting.fromJson(new JsonObject(json), "Hello"))
        .isInstanceOfSatisfying(ProblemException.class, problem -> assertThat(problem.status()).isEqualTo(400))
        .hasMessageContaining(message);
  }

  @Test
  void acceptsTheLongestAllowedName() {
    String longest = "a".repeat(Greeting.MAX_NAME_LENGTH);

    assertThat(Greeting.validName(longest)).isEqualTo(longest);
  }

  @Test
  void refusesAPathNameAsItRefusesABodyName() {
    assertThatThrownBy(() -> Greeting.validName("Ada; DROP TABLE"))
        .isInstanceOfSatisfying(ProblemException.class, problem -> assertThat(problem.status()).isEqualTo(400))
        .hasMessageContaining("'name' must be");
  }
}

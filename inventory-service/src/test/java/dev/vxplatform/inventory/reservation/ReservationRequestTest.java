package dev.vxplatform.inventory.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vxplatform.shared.web.ProblemException;
import io.vertx.core.json.JsonObject;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ReservationRequestTest {

  private static ReservationRequest parse(String json) {
    return ReservationRequest.parse(new JsonObject(json), 10, 3);
  }

  @Test
  void normalisesLinesToSkuOrder() {
    ReservationRequest request = parse(
        "{\"orderId\":\"o-1\",\"items\":[{\"sku\":\"B\",\"qty\":2},{\"sku\":\"A\",\"qty\":1}]}");

    assertThat(request.orderId()).isEqualTo("o-1");
    assertThat(request.items().keySet()).containsExactly("A", "B");
    assertThat(request.itemsJson().encode()).isEqualTo("[{\"sku\":\"A\",\"qty\":1},{\"sku\":\"B\",\"qty\":2}]");
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("{\"items\":[{\"sku\":\"A\",\"qty\":1}]}", "'orderId' is required"),
        Arguments.of("{\"orderId\":\"\",\"items\":[{\"sku\":\"A\",\"qty\":1}]}", "'orderId' must be"),
        Arguments.of("{\"orderId\":7,\"items\":[{\"sku\":\"A\",\"qty\":1}]}", "'orderId' must be"),
        Arguments.of("{\"orderId\":\"o 1\",\"items\":[{\"sku\":\"A\",\"qty\":1}]}", "'orderId' must be"),
        Arguments.of("{\"orderId\":\"o\"}", "'items' is required"),
        Arguments.of("{\"orderId\":\"o\",\"items\":{}}", "must be an array"),
        Arguments.of("{\"orderId\":\"o\",\"items\":[]}", "must not be empty"),
        Arguments.of("{\"orderId\":\"o\",\"items\":[1]}", "items[0] must be an object"),
        Arguments.of("{\"orderId\":\"o\",\"items\":[{\"qty\":1}]}", "items[0]: 'sku' is required"),
        Arguments.of("{\"orderId\":\"o\",\"items\":[{\"sku\":\"A\"}]}", "items[0]: 'qty' is required"),
        Arguments.of("{\"orderId\":\"o\",\"items\":[{\"sku\":\"A\",\"qty\":0}]}", "between 1 and 10"),
        Arguments.of("{\"orderId\":\"o\",\"items\":[{\"sku\":\"A\",\"qty\":-3}]}", "between 1 and 10"),
        Arguments.of("{\"orderId\":\"o\",\"items\":[{\"sku\":\"A\",\"qty\":11}]}", "between 1 and 10"),
        Arguments.of("{\"orderId\":\"o\",\"items\":[{\"sku\":\"A\",\"qty\":1.5}]}", "whole number"),
        Arguments.of("{\"orderId\":\"o\",\"items\":[{\"sku\":\"A\",\"qty\":\"2\"}]}", "whole number"),
        Arguments.of("{\"orderId\":\"o\",\"items\":[{\"sku\":\"A\",\"qty\":1},{\"sku\":\"A\",\"qty\":2}]}",
            "appears more than once"),
        Arguments.of("{\"orderId\":\"o\",\"items\":[{\"sku\":\"A\",\"qty\":1},{\"sku\":\"B\",\"qty\":1},"
            + "{\"sku\":\"C\",\"qty\":1},{\"sku\":\"D\",\"qty\":1}]}", "at most 3"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void refusesInvalidRequestsWithA400NamingTheField(String json, String message) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOfSatisfying(ProblemException.class, problem -> assertThat(problem.status()).isEqualTo(400))
        .hasMessageContaining(message);
  }
}

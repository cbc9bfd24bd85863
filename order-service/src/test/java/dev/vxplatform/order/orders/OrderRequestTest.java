package dev.vxplatform.order.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vxplatform.shared.web.ProblemException;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OrderRequestTest {

  @Test
  void parsesAValidOrder() {
    OrderRequest request = parse("{\"customerId\":\"c1\",\"items\":[{\"sku\":\"a\",\"qty\":2},{\"sku\":\"b\",\"qty\":1}]}");

    assertThat(request.customerId()).isEqualTo("c1");
    assertThat(request.items()).containsExactly(new OrderLine("a", 2), new OrderLine("b", 1));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"customerId\":\"c\",\"items\":[]}",
      "{\"customerId\":\"c\",\"items\":[{\"sku\":\"a\",\"qty\":-1}]}",
      "{\"customerId\":\"c\",\"items\":[{\"sku\":\"a\",\"qty\":10001}]}",
      "{\"customerId\":\"c\",\"items\":[{\"sku\":\"a\",\"qty\":true}]}",
      "{\"customerId\":\"c\",\"items\":[{\"sku\":\"a\",\"qty\":1,\"price\":3}]}",
      "{\"customerId\":\"c\",\"items\":[{\"sku\":\"\",\"qty\":1}]}",
      "{\"customerId\":\" \",\"items\":[{\"sku\":\"a\",\"qty\":1}]}",
      "{\"customerId\":\"c\\u0000\",\"items\":[{\"sku\":\"a\",\"qty\":1}]}",
      "{\"customerId\":\"c\",\"items\":[{\"sku\":\"a\\u001b\",\"qty\":1}]}",
      "{\"customerId\":\"c\",\"items\":[\"a\"]}",
      "{\"customerId\":\"c\",\"items\":null}",
      "null",
      "\"text\"",
      "{\"customerId\":\"c\",\"items\":[{\"sku\":\"a\",\"qty\":1}]"})
  void refusesInvalidInputWith400(String body) {
    assertThatThrownBy(() -> parse(body))
        .isInstanceOfSatisfying(ProblemException.class, problem -> assertThat(problem.status()).isEqualTo(400));
  }

  @Test
  void refusesMoreLinesThanTheLimit() {
    StringBuilder items = new StringBuilder();
    for (int i = 0; i <= OrderRequest.MAX_LINES; i++) {
      items.append(i == 0 ? "" : ",").append("{\"sku\":\"s").append(i).append("\",\"qty\":1}");
    }
    assertThatThrownBy(() -> parse("{\"customerId\":\"c\",\"items\":[" + items + "]}"))
        .isInstanceOf(ProblemException.class).hasMessageContaining("1 to " + OrderRequest.MAX_LINES);
  }

  @Test
  void fingerprintIgnoresSpacingAndFieldOrderButNotContent() {
    String fingerprint = parse("{\"customerId\":\"c\",\"items\":[{\"sku\":\"a\",\"qty\":1}]}").fingerprint();

    assertThat(parse(" { \"items\" : [ { \"qty\" : 1, \"sku\" : \"a\" } ], \"customerId\" : \"c\" } ").fingerprint())
        .isEqualTo(fingerprint);
    assertThat(parse("{\"customerId\":\"c\",\"items\":[{\"sku\":\"a\",\"qty\":2}]}").fingerprint())
        .isNotEqualTo(fingerprint);
  }

  private static OrderRequest parse(String body) {
    return OrderRequest.parse(Buffer.buffer(body));
  }
}

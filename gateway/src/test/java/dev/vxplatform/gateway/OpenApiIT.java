package dev.vxplatform.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.shared.testing.ApiContract;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /openapi.json}: the public API's contract, on the public port, without a token. */
class OpenApiIT {

  private static GatewayHarness harness;

  @BeforeAll
  static void start() {
    harness = GatewayHarness.start(new JsonObject());
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void servesTheContractTheServicesAreTestedAgainst() {
    HttpResponse<Buffer> contract = harness.anonymous(HttpMethod.GET, "/openapi.json");

    assertThat(contract.statusCode()).isEqualTo(200);
    assertThat(contract.getHeader("Content-Type")).isEqualTo("application/json");
    JsonObject served = contract.bodyAsJsonObject();
    assertThat(served).isEqualTo(ApiContract.document());
    assertThat(served.getString("openapi")).startsWith("3.1");
    assertThat(served.getJsonObject("paths").fieldNames()).contains("/api/orders", "/api/orders/{id}",
        "/api/products/{sku}", "/api/stock/{sku}/restock");
  }
}

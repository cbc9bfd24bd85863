package dev.vxplatform.loadtests.compose;

import static dev.vxplatform.loadtests.compose.ComposeFileTest.JAEGER_UI;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.loadtests.compose.ComposeFile.Service;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The compose demo's traces: every service sends its spans to Jaeger, and Grafana reads Jaeger and links the
 * gateway's request rate to the traces of the same time range.
 */
class ComposeTracingTest {

  private final ComposeFile compose = ComposeFile.load();

  @Test
  void everyServiceSendsItsSpansToJaegerOverOtlpHttp() {
    Service jaeger = compose.service("jaeger");
    assertThat(String.valueOf(jaeger.raw().get("image"))).startsWith("jaegertracing/jaeger:2.");
    // The receiver Tracing's sender speaks (OTLP over HTTP), on every interface of the container.
    assertThat(jaeger.command()).contains("--set=receivers.otlp.protocols.http.endpoint=0.0.0.0:4318");
    for (Service service : compose.serviceNodes()) {
      assertThat(service.environment()).as(service.name())
          .containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", "http://jaeger:4318")
          .doesNotContainKeys("OTEL_TRACES_EXPORTER", "OTEL_SDK_DISABLED", "OTEL_EXPORTER_OTLP_PROTOCOL");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void grafanaLinksTheRequestRateToItsTracesInJaeger() throws IOException {
    Map<String, Object> jaeger = ((List<Map<String, Object>>) ComposeFile.yaml(ComposeFile.INFRA
        .resolve("grafana/provisioning/datasources/jaeger.yml")).get("datasources")).get(0);
    assertThat(jaeger).containsEntry("type", "jaeger").containsEntry("url", "http://jaeger:" + JAEGER_UI);
    JsonObject dashboard = new JsonObject(Files.readString(ComposeFile.INFRA
        .resolve("grafana/dashboards/vxplatform.json")));
    JsonObject rate = dashboard.getJsonArray("panels").stream().map(JsonObject.class::cast)
        .filter(panel -> panel.getString("title").equals("Requests/s by route")).findFirst().orElseThrow();
    String link = rate.getJsonObject("fieldConfig").getJsonObject("defaults").getJsonArray("links")
        .getJsonObject(0).getString("url");
    // The browser follows it: Jaeger's published UI, the gateway's traces, the panel's time range in microseconds.
    assertThat(link).startsWith("http://localhost:" + JAEGER_UI + "/search?service=gateway&")
        .contains("start=${__from}000").contains("end=${__to}000");
  }
}

package dev.vxplatform.shared.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Switching Vert.x's own meters off by domain ({@link Metrics#DISABLED_PROPERTY}; the env is not set here). */
class MetricsTest {

  @AfterEach
  void clearProperty() {
    System.clearProperty(Metrics.DISABLED_PROPERTY);
  }

  @Test
  void keepsEveryDomainByDefault() {
    MicrometerMetricsOptions options = Metrics.options();

    for (MetricsDomain domain : MetricsDomain.values()) {
      assertThat(options.isMetricsCategoryDisabled(domain)).as(domain.name()).isFalse();
    }
  }

  @Test
  void disablesTheDomainsNamedInTheProperty() {
    System.setProperty(Metrics.DISABLED_PROPERTY, " http_server, HTTP_CLIENT,,");

    MicrometerMetricsOptions options = Metrics.options();

    assertThat(options.isMetricsCategoryDisabled(MetricsDomain.HTTP_SERVER)).isTrue();
    assertThat(options.isMetricsCategoryDisabled(MetricsDomain.HTTP_CLIENT)).isTrue();
    assertThat(options.isMetricsCategoryDisabled(MetricsDomain.EVENT_BUS)).isFalse();
  }

  @Test
  void refusesAnUnknownDomain() {
    System.setProperty(Metrics.DISABLED_PROPERTY, "HTTP_SERVR");

    assertThatThrownBy(Metrics::options).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HTTP_SERVR");
  }

  @Test
  void aDisabledDomainRegistersNoMeterWhileOthersStay() throws Throwable {
    System.setProperty(Metrics.DISABLED_PROPERTY, "HTTP_SERVER");
    Vertx vertx = Vertx.builder().with(new VertxOptions().setMetricsOptions(Metrics.options()))
        .withMetrics(Metrics.factory()).build();
    VertxTestContext testContext = new VertxTestContext();
    // Held and closed below: Vert.x closes a client that is garbage-collected, even mid-request.
    HttpClient client = vertx.createHttpClient();
    try {
      vertx.createHttpServer().requestHandler(request -> request.response().end("ok")).listen(0)
          .compose(server -> client.request(HttpMethod.GET,
                  server.actualPort(), "127.0.0.1", "/")
              .compose(request -> request.send())
              .compose(response -> response.body()))
          .onComplete(testContext.succeedingThenComplete());
      assertThat(testContext.awaitCompletion(10, TimeUnit.SECONDS)).isTrue();
      if (testContext.failed()) {
        throw testContext.causeOfFailure();
      }
      List<String> names = Metrics.registry(vertx).getMeters().stream().map(meter -> meter.getId().getName())
          .distinct().toList();
      assertThat(names).noneMatch(name -> name.startsWith("vertx.http.server"))
          .anyMatch(name -> name.startsWith("vertx.http.client"));
    } finally {
      client.close().await();
      vertx.close().await();
    }
  }
}

package dev.vxplatform.shared.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.MetricsProvider;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.impl.MicrometerMetrics;
import java.util.Arrays;
import java.util.Locale;

/**
 * Prometheus metrics for one Vert.x instance: HTTP server and client, event bus, pools.
 *
 * <p>Each Vert.x gets its own registry (not the JVM-wide default) so that several nodes in one test JVM
 * report separately; {@link #registry(Vertx)} finds it again from the Vert.x instance.
 *
 * <p>Vert.x's own meters of a domain can be switched off with the env variable {@value #DISABLED_ENV} or the
 * system property {@value #DISABLED_PROPERTY} (the env wins): a comma-separated list of {@link MetricsDomain}
 * names, e.g. {@code HTTP_SERVER,HTTP_CLIENT}. A process that keeps its own per-request meters (the gateway)
 * saves their cost on its hot path that way.
 */
public final class Metrics {

  public static final String DISABLED_ENV = "METRICS_DISABLED_DOMAINS";
  public static final String DISABLED_PROPERTY = "vxplatform.metrics.disabled.domains";

  private Metrics() {
  }

  public static MicrometerMetricsOptions options() {
    MicrometerMetricsOptions options = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        // Route templates, not raw paths, so that /orders/{id} does not explode label cardinality.
        .addLabels(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE);
    String disabled = System.getenv(DISABLED_ENV);
    disabled = disabled != null ? disabled : System.getProperty(DISABLED_PROPERTY, "");
    Arrays.stream(disabled.split(","))
        .map(String::trim)
        .filter(name -> !name.isEmpty())
        .map(name -> MetricsDomain.valueOf(name.toUpperCase(Locale.ROOT))) // a typo fails start-up, loudly
        .forEach(options::addDisabledMetricsCategory);
    return options;
  }

  /** A factory bound to a fresh registry; pass it to {@code Vertx.builder().withMetrics(...)}. */
  public static VertxMetricsFactory factory() {
    return new MicrometerMetricsFactory(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /** The Prometheus registry of this Vert.x, or {@code null} when it was built without metrics. */
  public static PrometheusMeterRegistry registry(Vertx vertx) {
    if (vertx instanceof MetricsProvider provider
        && provider.getMetrics() instanceof MicrometerMetrics metrics) {
      MeterRegistry registry = metrics.registry();
      return registry instanceof PrometheusMeterRegistry prometheus ? prometheus : null;
    }
    return null;
  }

  /** {@code GET /metrics} in Prometheus text format; 404 problem when this Vert.x has no metrics. */
  public static Handler<RoutingContext> scrapeHandler(Vertx vertx) {
    PrometheusMeterRegistry registry = registry(vertx);
    if (registry == null) {
      return ctx -> Problems.send(ctx, 404, "Metrics disabled", "this node was started without metrics");
    }
    return PrometheusScrapingHandler.create(registry);
  }
}

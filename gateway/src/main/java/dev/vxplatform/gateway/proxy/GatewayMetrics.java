package dev.vxplatform.gateway.proxy;

import dev.vxplatform.gateway.upstream.Upstream;
import dev.vxplatform.gateway.upstream.UpstreamDirectory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's own meters (Prometheus names in brackets):
 * <ul>
 *   <li>{@code gateway.requests} [gateway_requests_total] by route, instance (host:port, or "none") and status;
 *   <li>{@code gateway.request.duration} [gateway_request_duration_seconds_bucket] latency histogram by route;
 *   <li>{@code gateway.retries} [gateway_retries_total] by route and reason, and {@code gateway.retries.denied}
 *       [gateway_retries_denied_total] for retries the budget refused;
 *   <li>{@code gateway.shed} [gateway_shed_total] by route: requests refused with a 503 because their service was
 *       at its concurrency limit, and {@code gateway.concurrency.limit} [gateway_concurrency_limit] by service: that
 *       limit, summed over the event loops;
 *   <li>{@code gateway.upstream.failures} [gateway_upstream_failures_total] failed attempts by service,
 *       instance and reason;
 *   <li>{@code gateway.breaker.state} [gateway_breaker_state] 0 closed, 1 half-open, 2 open, and
 *       {@code gateway.upstream.in.flight} [gateway_upstream_in_flight], by service, instance and registration.
 * </ul>
 * Meters are cached by their labels so that the request path does not rebuild meter ids.
 */
public final class GatewayMetrics implements UpstreamDirectory.Listener {

  private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
      Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
      Duration.ofSeconds(5), Duration.ofSeconds(10)};

  private record RequestKey(String route, String instance, int status) {
  }

  private record LabelPair(String first, String second) {
  }

  private final MeterRegistry registry;
  private final Map<RequestKey, Counter> requests = new ConcurrentHashMap<>();
  private final Map<String, Timer> durations = new ConcurrentHashMap<>();
  private final Map<LabelPair, Counter> retries = new ConcurrentHashMap<>();
  private final Map<String, Counter> denied = new ConcurrentHashMap<>();
  private final Map<String, Counter> shed = new ConcurrentHashMap<>();
  private final Map<String, Gauge> limitGauges = new ConcurrentHashMap<>();
  private final Map<Upstream, Map<String, Counter>> failures = new ConcurrentHashMap<>();
  private final Map<Upstream, List<Meter>> gauges = new ConcurrentHashMap<>();

  public GatewayMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void request(String route, String instance, int status, long nanos) {
    requests.computeIfAbsent(new RequestKey(route, instance, status), key -> Counter.builder("gateway.requests")
            .description("Client requests answered, by route, the instance that answered, and status")
            .tags("route", route, "instance", instance, "status", String.valueOf(status))
            .register(registry))
        .increment();
    durations.computeIfAbsent(route, key -> Timer.builder("gateway.request.duration")
            .description("Time from request received to response head sent or failure answered")
            .tags("route", route)
            .serviceLevelObjectives(BUCKETS)
            .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  void retry(String route, String reason) {
    retries.computeIfAbsent(new LabelPair(route, reason), key -> Counter.builder("gateway.retries")
            .description("Attempts sent to another instance after a failed one")
            .tags("route", route, "reason", reason)
            .register(registry))
        .increment();
  }

  void retryDenied(String route) {
    denied.computeIfAbsent(route, key -> Counter.builder("gateway.retries.denied")
            .description("Retries not made because the retry budget was spent")
            .tags("route", route)
            .register(registry))
        .increment();
  }

  void shed(String route) {
    shed.computeIfAbsent(route, key -> Counter.builder("gateway.shed")
            .description("Requests refused at once (503) because their service was at its concurrency limit")
            .tags("route", route)
            .register(registry))
        .increment();
  }

  /** Publishes the concurrency limit of every service that has one, as it appears. */
  public void watch(ConcurrencyLimits limits) {
    limits.onNewService(service -> limitGauges.computeIfAbsent(service, key -> Gauge.builder(
            "gateway.concurrency.limit", limits, all -> all.totals(service).limit())
        .description("Requests a service may have in flight from this gateway (all event loops), adapted to its latency")
        .tags("service", service)
        .register(registry)));
  }

  void attemptFailed(Upstream upstream, String reason) {
    Map<String, Counter> byReason = failures.computeIfAbsent(upstream, key -> new ConcurrentHashMap<>());
    byReason.computeIfAbsent(reason, key -> Counter.builder("gateway.upstream.failures")
            .description("Failed attempts per instance")
            .tags(upstreamTags(upstream).and("reason", reason))
            .register(registry))
        .increment();
  }

  @Override
  public void added(Upstream upstream) {
    Tags tags = upstreamTags(upstream).and("registration", upstream.instance().registration());
    gauges.put(upstream, List.of(
        Gauge.builder("gateway.breaker.state", upstream, GatewayMetrics::breakerValue)
            .description("Circuit breaker of an instance: 0 closed, 1 half-open, 2 open")
            .tags(tags)
            .register(registry),
        Gauge.builder("gateway.upstream.in.flight", upstream, Upstream::inFlight)
            .description("Requests in flight to an instance")
            .tags(tags)
            .register(registry)));
  }

  @Override
  public void removed(Upstream upstream) {
    List<Meter> meters = gauges.remove(upstream);
    if (meters != null) {
      meters.forEach(registry::remove);
    }
    failures.remove(upstream);
  }

  private static Tags upstreamTags(Upstream upstream) {
    return Tags.of("service", upstream.service(), "instance", upstream.address());
  }

  private static double breakerValue(Upstream upstream) {
    return switch (upstream.breakerState()) {
      case CLOSED -> 0;
      case HALF_OPEN -> 1;
      case OPEN -> 2;
    };
  }
}

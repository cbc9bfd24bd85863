package dev.vxplatform.gateway.dashboard;

import dev.vxplatform.gateway.proxy.ConcurrencyLimits;
import dev.vxplatform.gateway.upstream.Upstream;
import dev.vxplatform.gateway.upstream.UpstreamDirectory;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every instance of every service with its live numbers, read once a second from the upstream directory (memory
 * only). One {@link InstanceWindow} per registration; windows of instances gone from the directory are dropped.
 * Used on the dashboard's context only.
 */
final class ServiceRows {

  private final UpstreamDirectory directory;
  private final ConcurrencyLimits limits;
  private Map<Upstream, InstanceWindow> windows = new HashMap<>();

  ServiceRows(UpstreamDirectory directory, ConcurrencyLimits limits) {
    this.directory = directory;
    this.limits = limits;
  }

  /**
   * {@code [{name, limit, shed, instances:[{id, node, address, state, breaker, inFlight, rps, errorsPerSecond, p50Ms,
   * p99Ms}]}]}; {@code limit} and {@code shed} are the service's concurrency limit and the requests it shed so far
   * (null with the limit off); {@code state} is {@code ready}, {@code ejected} (breaker open) or {@code probing}
   * (half-open). Percentiles are over the last {@value InstanceWindow#SECONDS} s, null without a finished attempt.
   */
  JsonArray tick() {
    Map<Upstream, InstanceWindow> next = new HashMap<>();
    Map<String, JsonArray> byService = new LinkedHashMap<>();
    for (Upstream upstream : directory.all()) {
      InstanceWindow window = windows.get(upstream);
      if (window == null) {
        window = new InstanceWindow(upstream);
      }
      window.tick(upstream);
      next.put(upstream, window);
      byService.computeIfAbsent(upstream.service(), service -> new JsonArray()).add(row(upstream, window));
    }
    windows = next;
    JsonArray services = new JsonArray();
    byService.forEach((name, instances) -> {
      ConcurrencyLimits.Totals limit = limits.enabled() ? limits.totals(name) : null;
      services.add(new JsonObject().put("name", name)
          .put("limit", limit == null ? null : limit.limit())
          .put("shed", limit == null ? null : limit.shed())
          .put("instances", instances));
    });
    return services;
  }

  /** The services each Vert.x node publishes, by node id. */
  Map<String, JsonArray> servicesByNode() {
    Map<String, JsonArray> byNode = new HashMap<>();
    for (Upstream upstream : directory.all()) {
      JsonArray services = byNode.computeIfAbsent(upstream.instance().nodeId(), node -> new JsonArray());
      if (!services.contains(upstream.service())) {
        services.add(upstream.service());
      }
    }
    return byNode;
  }

  /** Where a node serves ({@code service at host:port}), or its id when it publishes no HTTP endpoint. */
  String describeNode(String nodeId) {
    return directory.all().stream().filter(upstream -> upstream.instance().nodeId().equals(nodeId)).findFirst()
        .map(upstream -> upstream.service() + " at " + upstream.address()).orElse("node " + nodeId);
  }

  private static JsonObject row(Upstream upstream, InstanceWindow window) {
    CircuitBreakerState breaker = upstream.breakerState();
    return new JsonObject()
        .put("id", upstream.instance().registration())
        .put("node", upstream.instance().nodeId())
        .put("address", upstream.address())
        .put("state", switch (breaker) {
          case OPEN -> "ejected";
          case HALF_OPEN -> "probing";
          case CLOSED -> "ready";
        })
        .put("breaker", breaker.name())
        .put("inFlight", upstream.inFlight())
        .put("rps", window.requestsLastSecond())
        .put("errorsPerSecond", window.failuresLastSecond())
        .put("p50Ms", rounded(window.percentileMillis(0.50)))
        .put("p99Ms", rounded(window.percentileMillis(0.99)));
  }

  private static Double rounded(double millis) {
    return millis < 0 ? null : Math.round(millis * 100) / 100.0;
  }
}

package dev.vxplatform.gateway;

import dev.vxplatform.gateway.proxy.ConcurrencyLimits;
import dev.vxplatform.gateway.upstream.Upstream;
import dev.vxplatform.gateway.upstream.UpstreamDirectory;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /admin/instances}: every HTTP instance the gateway knows, with its breaker state and live numbers, and
 * ({@code limits}) each service's adaptive concurrency limit, all read from memory.
 */
final class InstancesHandler implements Handler<RoutingContext> {

  private final UpstreamDirectory directory;
  private final ConcurrencyLimits limits;

  InstancesHandler(UpstreamDirectory directory, ConcurrencyLimits limits) {
    this.directory = directory;
    this.limits = limits;
  }

  @Override
  public void handle(RoutingContext ctx) {
    JsonArray instances = new JsonArray();
    for (Upstream upstream : directory.all()) {
      instances.add(new JsonObject()
          .put("service", upstream.service())
          .put("id", upstream.instance().registration())
          .put("node", upstream.instance().nodeId())
          .put("host", upstream.host())
          .put("port", upstream.port())
          .put("breaker", upstream.breakerState().name())
          .put("inFlight", upstream.inFlight())
          .put("requests", upstream.requests())
          .put("failures", upstream.failures())
          .put("ewmaMillis", Math.round(upstream.ewmaMillis() * 1000) / 1000.0));
    }
    JsonArray byService = new JsonArray();
    for (ConcurrencyLimits.Totals service : limits.totals()) {
      byService.add(new JsonObject().put("service", service.service()).put("limit", service.limit())
          .put("inFlight", service.inFlight()).put("shed", service.shed()));
    }
    ctx.json(new JsonObject().put("instances", instances).put("limits", byService));
  }
}

package dev.vxplatform.gateway;

import dev.vxplatform.gateway.upstream.Upstream;
import dev.vxplatform.gateway.upstream.UpstreamDirectory;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /admin/instances}: every HTTP instance the gateway knows, with its breaker state and live numbers,
 * read from memory.
 */
final class InstancesHandler implements Handler<RoutingContext> {

  private final UpstreamDirectory directory;

  InstancesHandler(UpstreamDirectory directory) {
    this.directory = directory;
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
    ctx.json(new JsonObject().put("instances", instances));
  }
}

package dev.vxplatform.gateway;

import dev.vxplatform.shared.discovery.InstanceView;
import dev.vxplatform.shared.discovery.ServiceInstance;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /admin/instances}: every HTTP instance the gateway currently knows, read from the snapshot. */
final class InstancesHandler implements Handler<RoutingContext> {

  private final InstanceView view;

  InstancesHandler(InstanceView view) {
    this.view = view;
  }

  @Override
  public void handle(RoutingContext ctx) {
    JsonArray instances = new JsonArray();
    view.all().values().stream()
        .flatMap(list -> list.stream())
        .filter(ServiceInstance::isHttp)
        .forEach(instance -> instances.add(new JsonObject()
            .put("service", instance.service())
            .put("id", instance.registration())
            .put("node", instance.nodeId())
            .put("host", instance.host())
            .put("port", instance.port())));
    ctx.json(new JsonObject().put("instances", instances));
  }
}

package dev.vxplatform.gateway;

import dev.vxplatform.gateway.routing.Route;
import dev.vxplatform.gateway.routing.Routes;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /admin/routes}: the route table in force, longest prefix first, with where each route came from. */
final class RoutesHandler implements Handler<RoutingContext> {

  private final Routes routes;

  RoutesHandler(Routes routes) {
    this.routes = routes;
  }

  @Override
  public void handle(RoutingContext ctx) {
    JsonArray table = new JsonArray();
    for (Route route : routes.all()) {
      table.add(route.spec().toJson().put("origin", route.origin()));
    }
    ctx.json(new JsonObject().put("routes", table));
  }
}

package dev.vxplatform.order;

import dev.vxplatform.shared.discovery.ServiceRegistry;
import dev.vxplatform.shared.web.PlatformRouter;
import dev.vxplatform.shared.web.ServiceHttpServer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** Wires the order-service: its routes on the platform router, published in discovery once listening. */
public class OrderVerticle extends VerticleBase {

  private final OrderConfig config;
  private ServiceHttpServer server;

  public OrderVerticle(OrderConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    ServiceRegistry registry = ServiceRegistry.create(vertx, config.registry());
    Router router = PlatformRouter.create(vertx, registry);
    return ServiceHttpServer.start(vertx, router, config.http(), registry, OrderConfig.SERVICE_NAME, new JsonObject())
        .onSuccess(started -> server = started);
  }

  /** The port actually bound (useful when configured with port 0). */
  public int port() {
    return server.port();
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.stop();
  }
}

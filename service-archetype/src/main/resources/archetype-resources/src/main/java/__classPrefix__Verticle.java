package ${package};

import ${package}.greeting.GreetingApi;
import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.discovery.ServiceRegistry;
import dev.vxplatform.shared.web.PlatformRouter;
import dev.vxplatform.shared.web.ServiceHttpServer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * Wires the ${serviceName}: its resources on the platform router (health, metrics, problem+json errors),
 * published in discovery, with its gateway route, once the server listens.
 */
public class ${classPrefix}Verticle extends VerticleBase {

  /** Discovery metadata key the gateway reads route prefixes from (a JSON array). */
  public static final String ROUTES_METADATA = "routes";

  private final ${classPrefix}Config config;
  private ServiceRegistry registry;
  private ServiceHttpServer server;

  public ${classPrefix}Verticle(${classPrefix}Config config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    registry = ServiceRegistry.create(vertx, config.registry());
    Router router = PlatformRouter.create(vertx, registry);
    GreetingApi.mount(router, ${classPrefix}Config.BASE_PATH, config.greeting(), ClusterMembership.of(vertx).nodeId());
    // The gateway builds its route table from this: no gateway change or configuration for a new service.
    JsonObject metadata = new JsonObject()
        .put(ROUTES_METADATA, new JsonArray().add(${classPrefix}Config.ROUTE_PREFIX));
    return ServiceHttpServer.start(vertx, router, config.http(), registry, ${classPrefix}Config.SERVICE_NAME, metadata)
        .onSuccess(started -> server = started);
  }

  /** The port actually bound (useful when configured with port 0). */
  public int port() {
    return server.port();
  }

  /** Unpublish first, then drain in-flight requests (ServiceHttpServer.stop does both). */
  @Override
  public Future<?> stop() {
    return server == null ? registry.close() : server.stop();
  }
}

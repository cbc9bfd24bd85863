package ${package};

import ${package}.greeting.GreetingApi;
import ${package}.greeting.GreetingStore;
import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.db.Database;
import dev.vxplatform.shared.db.LoadStateRepair;
import dev.vxplatform.shared.discovery.ServiceRegistry;
import dev.vxplatform.shared.security.Access;
import dev.vxplatform.shared.web.PlatformRouter;
import dev.vxplatform.shared.web.ServiceHttpServer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.UUID;

/**
 * Wires the ${serviceName}: migrates its tables, configures its map cluster-wide (kept in those tables), mounts
 * its resources on the platform router (health, metrics, problem+json errors), and publishes them in discovery,
 * with its gateway route, once the server listens. Needs the member's {@link Database} (set up by {@code Main},
 * or by the tests' {@code TestCluster.startWithDatabase}): without one it fails to start.
 */
public class ${classPrefix}Verticle extends VerticleBase {

  /** Discovery metadata key the gateway reads route prefixes from (a JSON array). */
  public static final String ROUTES_METADATA = "routes";

  private final ${classPrefix}Config config;
  private ServiceRegistry registry;
  private Access access;
  private ServiceHttpServer server;
  private UUID loadRepair;

  public ${classPrefix}Verticle(${classPrefix}Config config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    registry = ServiceRegistry.create(vertx, config.registry());
    Router router = PlatformRouter.create(vertx, registry);
    // The tables first: a map store may run on any member as soon as the map is configured. Flyway blocks, so a
    // worker runs it; nodes starting together wait for each other on Flyway's lock in the database.
    return vertx.executeBlocking(() -> {
          Database.of(vertx).migrate(${classPrefix}Config.SCHEMA);
          return null;
        })
        .compose(v -> Access.open(vertx, config.http().auth()))
        .compose(opened -> {
          access = opened;
          return GreetingStore.open(vertx, config.backupCount(), config.maxEntriesPerNode());
        })
        .compose(store -> {
          GreetingApi.mount(router, access, ${classPrefix}Config.BASE_PATH, config.greeting(), store,
              ClusterMembership.of(vertx).nodeId());
          // Works around a Hazelcast 5.3 partition stuck "loading" after a membership change (see LoadStateRepair).
          loadRepair = LoadStateRepair.watch(vertx, List.of(GreetingStore.MAP));
          // The gateway builds its route table from this: no gateway change or configuration for a new service.
          JsonObject metadata = new JsonObject()
              .put(ROUTES_METADATA, new JsonArray().add(${classPrefix}Config.ROUTE_PREFIX));
          return ServiceHttpServer.start(vertx, router, config.http(), registry, ${classPrefix}Config.SERVICE_NAME,
              metadata);
        })
        .onSuccess(started -> server = started);
  }

  /** The port actually bound (useful when configured with port 0). */
  public int port() {
    return server.port();
  }

  /** Where {@code /metrics} and {@code /health/*} answer for operators (never published). */
  public int managementPort() {
    return server.managementPort();
  }

  /** Unpublish first, then drain in-flight requests (ServiceHttpServer.stop does both). */
  @Override
  public Future<?> stop() {
    LoadStateRepair.stop(vertx, loadRepair);
    if (access != null) {
      access.close();
    }
    return server == null ? registry.close() : server.stop();
  }
}

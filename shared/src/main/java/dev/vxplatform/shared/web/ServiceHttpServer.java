package dev.vxplatform.shared.web;

import dev.vxplatform.shared.discovery.ServiceRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's HTTP servers with the lifecycle every service needs: the management port ({@link ManagementServer})
 * and the public one listen first, the public one is published in discovery only once listening; on stop unpublish
 * first (so no new requests are routed here), then stop accepting and drain, then close the management port.
 * With {@link HttpConfig#tls()} on, the public server speaks HTTPS only; the management server stays plain HTTP.
 */
public final class ServiceHttpServer {

  public static final long DRAIN_TIMEOUT_SECONDS = 10;
  private static final Logger LOG = LoggerFactory.getLogger(ServiceHttpServer.class);

  private final HttpServer server;
  private final HttpServer management;
  private final ServiceRegistry registry;

  private ServiceHttpServer(HttpServer server, HttpServer management, ServiceRegistry registry) {
    this.server = server;
    this.management = management;
    this.registry = registry;
  }

  public static Future<ServiceHttpServer> start(Vertx vertx, Router router, HttpConfig config,
      ServiceRegistry registry, String service, JsonObject metadata) {
    HttpServerOptions options = config.tls().server(
        new HttpServerOptions().setHost(config.bindHost()).setPort(config.port()));
    return ManagementServer.start(vertx, PlatformRouter.management(vertx, registry), config, service)
        .compose(management -> vertx.createHttpServer(options)
            .requestHandler(router)
            .invalidRequestHandler(InvalidRequests::answer)
            .listen()
            .onFailure(failed -> management.close())
            .compose(server -> registry.publishHttpEndpoint(service, config.publicHost(), server.actualPort(),
                    metadata)
                .map(instance -> {
                  LOG.info("{} listening on {}:{} ({})", service, config.bindHost(), server.actualPort(),
                      config.tls().enabled() ? "HTTPS" : "HTTP");
                  return new ServiceHttpServer(server, management, registry);
                })));
  }

  public int port() {
    return server.actualPort();
  }

  public int managementPort() {
    return management.actualPort();
  }

  /** Unpublish, then let in-flight requests finish (bounded), then close, the management port last. */
  public Future<Void> stop() {
    return registry.close()
        .transform(ar -> server.shutdown(DRAIN_TIMEOUT_SECONDS, TimeUnit.SECONDS))
        .transform(ar -> management.close());
  }
}

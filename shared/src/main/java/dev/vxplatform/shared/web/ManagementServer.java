package dev.vxplatform.shared.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' port: {@code MANAGEMENT_HOST:MANAGEMENT_PORT} (127.0.0.1 and a free port by default), serving a
 * {@link PlatformRouter#management} router. Kept off the public port so that metrics and admin views are never
 * reachable from where the API is; never published in discovery.
 */
public final class ManagementServer {

  private static final Logger LOG = LoggerFactory.getLogger(ManagementServer.class);

  private ManagementServer() {
  }

  public static Future<HttpServer> start(Vertx vertx, Router router, HttpConfig config, String service) {
    return vertx.createHttpServer(new HttpServerOptions().setHost(config.managementHost())
            .setPort(config.managementPort()))
        .requestHandler(router)
        .invalidRequestHandler(InvalidRequests::answer)
        .listen()
        .onSuccess(server -> LOG.info("{} management on {}:{}", service, config.managementHost(),
            server.actualPort()));
  }
}

package dev.vxplatform.gateway.proxy;

import dev.vxplatform.shared.web.InvalidRequests;
import dev.vxplatform.shared.web.ServiceHttpServer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import java.util.concurrent.TimeUnit;

/**
 * One proxy server on one event loop, with its own upstream client (so a pooled connection never hops threads).
 * Several instances listen on the same port; Vert.x spreads accepted connections over them.
 */
public final class ProxyVerticle extends VerticleBase {

  private final ProxySetup setup;
  private final int port;
  private HttpServer server;

  public ProxyVerticle(ProxySetup setup, int port) {
    this.setup = setup;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    HttpClient client = vertx.createHttpClient(setup.clientOptions(), setup.poolOptions());
    return vertx.createHttpServer(setup.serverOptions(port))
        .requestHandler(new ProxyHandler(vertx, client, setup, setup.edgeAccess(vertx)))
        .invalidRequestHandler(InvalidRequests::answer)
        .listen()
        .onSuccess(listening -> server = listening);
  }

  /** The port actually bound (useful when configured with port 0). */
  public int port() {
    return server.actualPort();
  }

  /** Stop accepting, let requests in flight finish (bounded), then close. */
  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture()
        : server.shutdown(ServiceHttpServer.DRAIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }
}

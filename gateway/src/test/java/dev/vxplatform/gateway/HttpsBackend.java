package dev.vxplatform.gateway;

import static dev.vxplatform.shared.testing.TestCluster.await;

import dev.vxplatform.shared.discovery.RegistryOptions;
import dev.vxplatform.shared.discovery.ServiceRegistry;
import dev.vxplatform.shared.security.TlsConfig;
import dev.vxplatform.shared.web.HttpConfig;
import dev.vxplatform.shared.web.ServiceHttpServer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real instance of a service behind {@link ServiceHttpServer} with TLS on (so HTTPS only, as every service serves
 * with {@code TLS_*} set), published in discovery; it answers what it saw: the URI, whether it came over TLS, and the
 * scheme the gateway forwarded.
 */
final class HttpsBackend extends VerticleBase {

  private final String service;
  private final TlsConfig tls;
  final AtomicInteger received = new AtomicInteger();
  private ServiceHttpServer server;

  private HttpsBackend(String service, TlsConfig tls) {
    this.service = service;
    this.tls = tls;
  }

  /** Deploys it on {@code node}; returns once it listens and is published. */
  static HttpsBackend start(Vertx node, String service, TlsConfig tls) {
    HttpsBackend backend = new HttpsBackend(service, tls);
    await(node.deployVerticle(backend));
    return backend;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      received.incrementAndGet();
      ctx.json(new JsonObject()
          .put("uri", ctx.request().uri())
          .put("ssl", ctx.request().isSSL())
          .put("forwardedProto", ctx.request().getHeader("X-Forwarded-Proto")));
    });
    ServiceRegistry registry = ServiceRegistry.create(vertx, RegistryOptions.defaults());
    return ServiceHttpServer.start(vertx, router, HttpConfig.ephemeral().withTls(tls), registry, service,
            new JsonObject())
        .onSuccess(started -> server = started);
  }

  int port() {
    return server.port();
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.stop();
  }
}

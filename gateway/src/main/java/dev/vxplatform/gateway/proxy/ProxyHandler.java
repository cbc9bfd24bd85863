package dev.vxplatform.gateway.proxy;

import dev.vxplatform.gateway.routing.Route;
import dev.vxplatform.gateway.routing.RouteSpec;
import dev.vxplatform.gateway.upstream.UpstreamDirectory;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServerRequest;

/**
 * The front of one proxy server: a request whose path matches a route is proxied; anything else (health,
 * metrics, admin, unknown paths) goes to the gateway's router. Proxied requests are checked at the edge
 * ({@link EdgeAccess}) and never enter Vert.x Web, so no BodyHandler buffers their bodies.
 */
final class ProxyHandler implements Handler<HttpServerRequest> {

  private final Vertx vertx;
  private final HttpClient client;
  private final ProxySetup setup;
  private final EdgeAccess access;
  private final ConcurrencyLimits.Loop limits;
  private final FailureLog failureLog = new FailureLog(System::currentTimeMillis);

  ProxyHandler(Vertx vertx, HttpClient client, ProxySetup setup, EdgeAccess access) {
    this.vertx = vertx;
    this.client = client;
    this.setup = setup;
    this.access = access;
    this.limits = setup.limits().forLoop();
  }

  @Override
  public void handle(HttpServerRequest request) {
    String path = request.path();
    Route route = path == null || RouteSpec.isReserved(path) ? null : setup.routes().match(path);
    if (route == null) {
      setup.router().handle(request);
      return;
    }
    new Exchange(this, request, route).start(access.check(request));
  }

  Vertx vertx() {
    return vertx;
  }

  HttpClient client() {
    return client;
  }

  UpstreamDirectory directory() {
    return setup.directory();
  }

  /** This event loop's budget of WARN lines for the gateway's own error answers. */
  FailureLog failureLog() {
    return failureLog;
  }

  /** This event loop's concurrency limits, by service. */
  ConcurrencyLimits.Loop limits() {
    return limits;
  }

  RetryBudget budget() {
    return setup.budget();
  }

  GatewayMetrics metrics() {
    return setup.metrics();
  }

  ProxyOptions options() {
    return setup.options();
  }
}

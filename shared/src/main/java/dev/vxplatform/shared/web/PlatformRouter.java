package dev.vxplatform.shared.web;

import dev.vxplatform.shared.discovery.ServiceRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The router every service starts from: a query string that decodes, bounded request bodies, health, metrics, and
 * problem+json for every failure, unknown route and wrong method. Services add their own routes to it.
 */
public final class PlatformRouter {

  public static final long DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;

  private PlatformRouter() {
  }

  public static Router create(Vertx vertx, ServiceRegistry registry) {
    Router router = Router.router(vertx);
    router.route().handler(PlatformRouter::refuseMalformedQuery);
    router.route().handler(BodyHandler.create().setBodyLimit(DEFAULT_BODY_LIMIT_BYTES));
    router.route().failureHandler(Problems::handleFailure);
    Health.mount(router, vertx, registry);
    router.get("/metrics").handler(Metrics.scrapeHandler(vertx));
    for (int status : new int[] {400, 404, 405, 413, 415, 500}) {
      router.errorHandler(status, Problems::handleFailure);
    }
    return router;
  }

  /**
   * A query string that is not valid percent-encoding ({@code ?customerId=%zz}) is the caller's mistake: a 400 here,
   * before a handler asks for a parameter and Netty's decoder throws from inside it. The parameters decoded now are
   * the ones every handler reads later.
   */
  private static void refuseMalformedQuery(RoutingContext ctx) {
    if (ctx.request().query() != null) {
      try {
        ctx.request().params();
      } catch (IllegalArgumentException malformed) {
        ctx.fail(ProblemException.badRequest("the query string is not valid percent-encoding"));
        return;
      }
    }
    ctx.next();
  }
}

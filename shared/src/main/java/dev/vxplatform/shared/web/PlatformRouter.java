package dev.vxplatform.shared.web;

import dev.vxplatform.shared.discovery.ServiceRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The routers every service starts from. The public one: {@link SafeHeaders} on every answer, a query string that
 * decodes, JSON (never form) bodies of bounded size, health, and problem+json for every failure, unknown route and
 * wrong method; services add their own routes to it. The management one, on a port of its own that is not published
 * ({@link ManagementServer}): health and metrics, and what else operators need (the gateway's {@code /admin/*}).
 */
public final class PlatformRouter {

  public static final long DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;
  /** A control character in a path, raw or percent-encoded (%00-%1F, %7F). */
  private static final Pattern CONTROL_IN_PATH = Pattern.compile("[\\x00-\\x1f\\x7f]|%[01][0-9a-fA-F]|%7[fF]");

  private PlatformRouter() {
  }

  public static Router create(Vertx vertx, ServiceRegistry registry) {
    Router router = base(vertx);
    router.route().handler(AccessLog::handler);
    router.route().handler(PlatformRouter::refuseMalformedQuery);
    router.route().handler(PlatformRouter::refuseForms);
    router.route().handler(BodyHandler.create().setBodyLimit(DEFAULT_BODY_LIMIT_BYTES));
    Health.mount(router, vertx, registry);
    return router;
  }

  /** {@code /health/*} and {@code /metrics}: reads only, so no body is ever read. */
  public static Router management(Vertx vertx, ServiceRegistry registry) {
    Router router = base(vertx);
    router.route().handler(PlatformRouter::refuseMalformedQuery);
    Health.mount(router, vertx, registry);
    router.get("/metrics").handler(Metrics.scrapeHandler(vertx));
    return router;
  }

  private static Router base(Vertx vertx) {
    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      SafeHeaders.on(ctx.response());
      ctx.next();
    });
    router.route().failureHandler(Problems::handleFailure);
    for (int status : new int[] {400, 404, 405, 413, 415, 500}) {
      router.errorHandler(status, ctx -> Problems.handleError(ctx, status));
    }
    return router;
  }

  /**
   * A query string that is not valid percent-encoding ({@code ?customerId=%zz}) is the caller's mistake: a 400 here,
   * before a handler asks for a parameter and Netty's decoder throws from inside it. The parameters decoded now are
   * the ones every handler reads later. A control character in the path or the query ({@code /orders/%00}) is
   * refused too: no id or name has one, and PostgreSQL, which the ids reach, refuses NUL in text (a 503 otherwise).
   */
  private static void refuseMalformedQuery(RoutingContext ctx) {
    if (CONTROL_IN_PATH.matcher(ctx.request().path()).find()) {
      ctx.fail(ProblemException.badRequest("the path holds a control character"));
      return;
    }
    if (ctx.request().query() != null) {
      try {
        if (ctx.request().params().entries().stream()
            .anyMatch(param -> hasControl(param.getKey()) || hasControl(param.getValue()))) {
          ctx.fail(ProblemException.badRequest("the query string holds a control character"));
          return;
        }
      } catch (IllegalArgumentException malformed) {
        ctx.fail(ProblemException.badRequest("the query string is not valid percent-encoding"));
        return;
      }
    }
    ctx.next();
  }

  private static boolean hasControl(String text) {
    return text.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
  }

  /**
   * The services take JSON: a form or multipart body is a 415 whatever the method, refused before the body handler,
   * which would decode it as a form, and fails with a 500 on a GET or OPTIONS (Vert.x decodes forms only on POST, PUT,
   * PATCH and DELETE).
   */
  private static void refuseForms(RoutingContext ctx) {
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    String lower = type == null ? "" : type.trim().toLowerCase(Locale.ROOT);
    if (lower.startsWith("multipart/") || lower.startsWith("application/x-www-form-urlencoded")) {
      ctx.fail(new ProblemException(415, "Unsupported media type", "request bodies are application/json"));
      return;
    }
    ctx.next();
  }
}

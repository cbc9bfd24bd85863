package dev.vxplatform.shared.web;

import dev.vxplatform.shared.tracing.TraceIds;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 9457 {@code application/problem+json} responses, and the one failure handler every router installs:
 * typed {@link ProblemException}s keep their status, malformed JSON is a 400, Vert.x Web's own
 * {@link HttpException}s keep theirs, and anything else is a 500 whose body never carries exception text.
 *
 * <p>Input is refused only by a {@link ProblemException} its handler throws on purpose. An
 * {@link IllegalArgumentException} that reaches here came from the server's own code or data (an enum constant a
 * stored document no longer names, a JDK call given a bad argument): a logged 500, never a 400 that blames the
 * caller and echoes an internal message.
 */
public final class Problems {

  public static final String CONTENT_TYPE = "application/problem+json";
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

  private Problems() {
  }

  /** With the current request's {@code traceId} when it is traced, so a caller can quote it. */
  public static JsonObject body(int status, String title, String detail) {
    JsonObject problem = new JsonObject()
        .put("type", "about:blank")
        .put("title", title)
        .put("status", status)
        .put("detail", detail);
    String traceId = TraceIds.current();
    return traceId == null ? problem : problem.put("traceId", traceId);
  }

  public static void send(RoutingContext ctx, int status, String title, String detail) {
    send(ctx, body(status, title, detail));
  }

  public static void send(RoutingContext ctx, JsonObject problem) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      // Too late for a clean answer (a stream broke mid-way): cut the connection rather than lie.
      response.reset();
      return;
    }
    response.setStatusCode(problem.getInteger("status"))
        .putHeader("Content-Type", CONTENT_TYPE)
        .end(problem.encode());
  }

  /**
   * A router's error handler for {@code status}. Vert.x Web calls it with neither failure nor status on the context
   * when it refuses a request before any route (a path that does not decode is a 400 that way), so the status the
   * handler was registered for is the answer's.
   */
  public static void handleError(RoutingContext ctx, int status) {
    if (ctx.failure() != null || ctx.statusCode() > 0) {
      handleFailure(ctx);
    } else if (status >= 500) {
      LOG.error("Unhandled failure on {} {} (the router gave no cause)", ctx.request().method(), pathOf(ctx));
      send(ctx, status, "Internal error", "the server failed to handle the request; see its log");
    } else {
      send(ctx, status, titleOf(status), ctx.request().method() + " " + pathOf(ctx));
    }
  }

  /** Install with {@code router.route().failureHandler(Problems::handleFailure)}. */
  public static void handleFailure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ProblemException problem) {
      if (!ctx.response().headWritten()) {
        problem.headers().forEach(ctx.response()::putHeader);
      }
      send(ctx, problem.toJson());
    } else if (isBadJson(failure) || failure instanceof DecodeException && hasBody(ctx)) {
      // Without a request body the JSON that failed is the server's own (a stored document it cannot read): that
      // falls through to the logged 500 below instead of blaming the caller.
      send(ctx, 400, "Malformed JSON", "the request body is not valid JSON");
    } else if (failure instanceof HttpException http) {
      send(ctx, http.getStatusCode(), titleOf(http.getStatusCode()), http.getPayload() != null
          ? http.getPayload() : titleOf(http.getStatusCode()));
    } else if (failure == null) {
      int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
      send(ctx, status, titleOf(status), ctx.request().method() + " " + pathOf(ctx));
    } else if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      // Vert.x Web refusing the request itself (a path that does not decode, a missing Host): its own words.
      send(ctx, ctx.statusCode(), titleOf(ctx.statusCode()), failure.getMessage() != null ? failure.getMessage()
          : "the request cannot be routed");
    } else {
      LOG.error("Unhandled failure on {} {}", ctx.request().method(), pathOf(ctx), failure);
      send(ctx, 500, "Internal error", "the server failed to handle the request; see its log");
    }
  }

  /** The normalized path, or the raw one when it does not decode (a failure handler must not fail on it). */
  private static String pathOf(RoutingContext ctx) {
    try {
      return ctx.normalizedPath();
    } catch (RuntimeException undecodable) {
      return ctx.request().path();
    }
  }

  private static boolean hasBody(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    return body != null && body.length() > 0;
  }

  private static boolean isBadJson(Throwable failure) {
    return failure instanceof HttpException http && http.getCause() instanceof DecodeException;
  }

  static String titleOf(int status) {
    return switch (status) {
      case 400 -> "Bad request";
      case 404 -> "Not found";
      case 405 -> "Method not allowed";
      case 409 -> "Conflict";
      case 413 -> "Payload too large";
      case 414 -> "URI too long";
      case 415 -> "Unsupported media type";
      case 422 -> "Unprocessable content";
      case 431 -> "Request header fields too large";
      case 502 -> "Bad gateway";
      case 503 -> "Service unavailable";
      case 504 -> "Gateway timeout";
      default -> status >= 500 ? "Server error" : "Client error";
    };
  }
}

package dev.vxplatform.order.idempotency;

import dev.vxplatform.shared.web.ProblemException;
import dev.vxplatform.shared.web.Problems;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * An HTTP answer that can be stored and sent again: what a repeated {@code Idempotency-Key} gets back.
 *
 * @param headers header name → value (e.g. {@code Location}, {@code Retry-After})
 */
public record Outcome(int status, JsonObject body, JsonObject headers) {

  public static final String RETRY_AFTER = "Retry-After";

  public static Outcome json(int status, JsonObject body) {
    return new Outcome(status, body, new JsonObject());
  }

  /** A problem that says when to retry ({@code retryAfterSeconds}) also carries it as {@code Retry-After}. */
  public static Outcome problem(ProblemException problem) {
    JsonObject body = problem.toJson();
    Outcome outcome = json(problem.status(), body);
    Object retryAfter = body.getValue("retryAfterSeconds");
    return retryAfter instanceof Number seconds ? outcome.withHeader(RETRY_AFTER, seconds.longValue()) : outcome;
  }

  public static Outcome problem(int status, String title, String detail) {
    return json(status, Problems.body(status, title, detail));
  }

  public Outcome withHeader(String name, Object value) {
    return new Outcome(status, body, headers.copy().put(name, String.valueOf(value)));
  }

  /** A 5xx did not settle anything: the same key may be tried again. */
  public boolean isRetryable() {
    return status >= 500;
  }

  public void send(RoutingContext ctx) {
    HttpServerResponse response = ctx.response().setStatusCode(status)
        .putHeader("Content-Type", status >= 400 ? Problems.CONTENT_TYPE : "application/json");
    headers.forEach(header -> response.putHeader(header.getKey(), String.valueOf(header.getValue())));
    response.end(body.encode());
  }

  public JsonObject toJson() {
    return new JsonObject().put("status", status).put("body", body).put("headers", headers);
  }

  public static Outcome fromJson(JsonObject json) {
    return new Outcome(json.getInteger("status"), json.getJsonObject("body"),
        json.getJsonObject("headers", new JsonObject()));
  }
}

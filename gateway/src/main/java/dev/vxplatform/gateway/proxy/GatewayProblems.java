package dev.vxplatform.gateway.proxy;

import dev.vxplatform.gateway.routing.Route;
import dev.vxplatform.shared.web.ProblemException;
import dev.vxplatform.shared.web.Problems;
import dev.vxplatform.shared.web.SafeHeaders;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The gateway's own answers: problem+json with the request id (a response already under way is cut instead), and
 * the closing of a connection whose body was refused.
 */
final class GatewayProblems {

  /** How long the rest of a refused body is swallowed before the connection is closed. */
  static final long LINGER_MILLIS = 2_000;

  private GatewayProblems() {
  }

  /**
   * After a 413: swallow what is still coming, so the client reads the answer instead of a reset, then close the
   * connection (at the latest after {@value #LINGER_MILLIS} ms).
   */
  static void closeAfter(Vertx vertx, HttpServerRequest request, Future<Void> answered) {
    HttpConnection connection = request.connection();
    request.handler(chunk -> { });
    request.endHandler(v -> connection.close());
    request.resume();
    vertx.setTimer(LINGER_MILLIS, id -> connection.close());
    answered.onComplete(sent -> {
      if (request.isEnded()) {
        connection.close();
      }
    });
  }

  /**
   * What the client hears when no attempt brought an answer to relay: 503 when no instance could take the request, 504
   * when the last attempt timed out, else 502.
   *
   * @param last the last attempt's failure, null when no attempt was made
   */
  static ProblemException noAnswer(Route route, UpstreamFailure last, int attempts, int retryAfterSeconds) {
    String service = route.service();
    if (last == null) {
      return new Unavailable("Service unavailable", "no healthy instance of " + service + " can take the request",
          retryAfterSeconds);
    }
    if (last.kind() == UpstreamFailure.Kind.TIMEOUT) {
      return new ProblemException(504, "Gateway timeout", service + " did not answer within "
          + route.spec().responseTimeoutMillis() + " ms (" + attempts + " attempt(s))");
    }
    return new ProblemException(502, "Bad gateway", service + " failed: " + last.reason() + " (" + attempts
        + " attempt(s))");
  }

  static Future<Void> send(HttpServerResponse out, String requestId, JsonObject problem, Map<String, String> headers) {
    if (out.headWritten() || out.ended()) {
      out.reset();
      return Future.succeededFuture();
    }
    SafeHeaders.on(out).setStatusCode(problem.getInteger("status"))
        .putHeader(HttpHeaders.CONTENT_TYPE, Problems.CONTENT_TYPE)
        .putHeader(ForwardedHeaders.REQUEST_ID, requestId);
    headers.forEach(out::putHeader);
    return out.end(problem.put("requestId", requestId).toBuffer());
  }
}

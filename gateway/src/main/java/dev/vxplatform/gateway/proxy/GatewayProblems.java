package dev.vxplatform.gateway.proxy;

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

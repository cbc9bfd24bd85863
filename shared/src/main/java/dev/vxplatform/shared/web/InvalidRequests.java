package dev.vxplatform.shared.web;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;

/**
 * Requests Netty could not decode (a request line or headers too long, a malformed request): Vert.x hands them to
 * this handler, never to a router. It answers what Vert.x would by default (414, 431 or 400), with a problem+json body
 * instead of an empty one, and then closes the connection, since what follows on it cannot be trusted to start a
 * request. Install on every server with {@code invalidRequestHandler(InvalidRequests::answer)}.
 */
public final class InvalidRequests {

  private InvalidRequests() {
  }

  public static void answer(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status;
    String detail;
    if (cause instanceof TooLongHttpLineException) {
      status = 414;
      detail = "the request line is longer than this server takes";
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = 431;
      detail = "the request headers are larger than this server takes";
    } else {
      status = 400;
      detail = "the request is not valid HTTP/1.1";
    }
    SafeHeaders.on(request.response()).setStatusCode(status)
        .putHeader("Content-Type", Problems.CONTENT_TYPE)
        .putHeader("Connection", "close")
        .end(Problems.body(status, Problems.titleOf(status), detail).encode())
        .onComplete(done -> request.connection().close());
  }
}

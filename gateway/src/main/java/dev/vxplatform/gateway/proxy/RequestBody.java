package dev.vxplatform.gateway.proxy;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * A client's request body as the gateway forwards it. None, or announced with a Content-Length up to
 * {@code retryBufferBytes}: held in memory, so it can be sent again on a retry. Larger or chunked: streamed to
 * the instance with back-pressure and counted against {@code maxBodyBytes}; it is read only once an instance is
 * connected, so a connect failure can still retry, but once streaming began it cannot be sent again.
 */
final class RequestBody {

  private enum Mode { NONE, BUFFERED, STREAMED }

  private final HttpServerRequest request;
  private final long maxBytes;
  private final Runnable tooLarge;
  private final Mode mode;
  private Buffer buffer;
  private boolean consumed;
  private long streamed;

  /**
   * @param length   the announced Content-Length, -1 when absent
   * @param tooLarge called when a streamed body passes {@code maxBodyBytes}; the caller answers 413
   */
  RequestBody(HttpServerRequest request, long length, ProxyOptions options, Runnable tooLarge) {
    this.request = request;
    this.maxBytes = options.maxBodyBytes();
    this.tooLarge = tooLarge;
    boolean chunked = request.headers().contains(HttpHeaders.TRANSFER_ENCODING, HttpHeaders.CHUNKED, true);
    if (!chunked && length <= 0) {
      mode = Mode.NONE;
    } else if (!chunked && length <= options.retryBufferBytes()) {
      mode = Mode.BUFFERED;
    } else {
      mode = Mode.STREAMED;
    }
  }

  /**
   * The Content-Length header, -1 when absent. Vert.x's decoder already refused malformed values with a 400;
   * should one get through anyway it reads as {@link Long#MAX_VALUE}: refused as too large, connection closed.
   */
  static long contentLength(HttpServerRequest request) {
    String value = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (value == null) {
      return -1;
    }
    try {
      long length = Long.parseLong(value.trim());
      return length < 0 ? Long.MAX_VALUE : length;
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  boolean present() {
    return mode != Mode.NONE;
  }

  /** Completes when the first attempt may start: at once, or once a small body is in memory. */
  Future<Void> ready() {
    return switch (mode) {
      case NONE -> Future.succeededFuture();
      case BUFFERED -> request.body().map(read -> {
        buffer = read;
        return null;
      });
      case STREAMED -> {
        request.pause(); // nothing is read until an instance is connected
        yield Future.succeededFuture();
      }
    };
  }

  /** False once a streamed body started flowing: such a request can no longer go to another instance. */
  boolean replayable() {
    return !consumed;
  }

  Future<HttpClientResponse> sendWith(HttpClientRequest outgoing) {
    return switch (mode) {
      case NONE -> outgoing.send();
      case BUFFERED -> outgoing.send(buffer);
      case STREAMED -> stream(outgoing);
    };
  }

  private Future<HttpClientResponse> stream(HttpClientRequest outgoing) {
    consumed = true;
    outgoing.exceptionHandler(err -> { }); // failures arrive through the response future
    if (!outgoing.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
      outgoing.setChunked(true);
    }
    request.handler(chunk -> {
      streamed += chunk.length();
      if (streamed > maxBytes) {
        tooLarge.run(); // first: the reset below must not count against the instance
        outgoing.reset();
        return;
      }
      outgoing.write(chunk);
      if (outgoing.writeQueueFull()) {
        request.pause();
        outgoing.drainHandler(v -> request.resume());
      }
    });
    request.endHandler(v -> {
      if (streamed <= maxBytes) {
        outgoing.end();
      }
    });
    request.resume();
    return outgoing.response();
  }
}

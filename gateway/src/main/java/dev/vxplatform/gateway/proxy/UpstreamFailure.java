package dev.vxplatform.gateway.proxy;

import dev.vxplatform.gateway.upstream.Blame;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/**
 * Why one attempt on one instance failed, classified by the phase it failed in (not by exception type alone:
 * Vert.x reports a pool-wait timeout and a response timeout with the same exception class).
 */
final class UpstreamFailure extends RuntimeException implements Blame {

  enum Kind {
    /** No connection was obtained: nothing of the request left the gateway. */
    NOT_SENT,
    /** The request went out and no response head came within the response timeout. */
    TIMEOUT,
    /** The connection broke after the request went out (closed, reset). */
    BROKEN,
    /** The instance answered 5xx. */
    STATUS
  }

  private final Kind kind;
  private final boolean ejects;
  private final boolean blames;
  private final transient HttpClientResponse response;

  private UpstreamFailure(Kind kind, String detail, boolean ejects, boolean blames, HttpClientResponse response) {
    super(detail, null, false, false);
    this.kind = kind;
    this.ejects = ejects;
    this.blames = blames;
    this.response = response;
  }

  static UpstreamFailure notSent(Throwable cause) {
    // A refused (or timed-out) TCP connect is a dead instance; a pool-wait timeout is only a busy one.
    return new UpstreamFailure(Kind.NOT_SENT, "connect failed: " + cause, cause instanceof ConnectException, true,
        null);
  }

  static UpstreamFailure afterSend(Throwable cause) {
    if (cause instanceof TimeoutException) {
      return new UpstreamFailure(Kind.TIMEOUT, "response timeout", false, true, null);
    }
    return new UpstreamFailure(Kind.BROKEN, "connection broken: " + cause, true, true, null);
  }

  /**
   * As {@link #afterSend}, for an attempt that waited only the route's try timeout: its timeout does not count against
   * the instance (the gateway's own impatience: an instance stalled a few seconds by its cluster's failover answers
   * again soon, and counting every short try opened healthy instances' breakers while the cluster settled).
   */
  static UpstreamFailure afterShortTry(Throwable cause) {
    return cause instanceof TimeoutException
        ? new UpstreamFailure(Kind.TIMEOUT, "no response head within the try timeout", false, false, null)
        : afterSend(cause);
  }

  /**
   * The response is paused: whoever handles this failure must pipe it to the client or drain it. A 503 does not
   * blame the instance: it is alive and says "not now" (a member on the minority's side of a split refusing writes,
   * a node rejoining after a freeze) and may serve the next request, a read say; counting its refusals opened its
   * breaker and left reads it could answer with no instance at all.
   */
  static UpstreamFailure status(HttpClientResponse response) {
    return new UpstreamFailure(Kind.STATUS, "answered " + response.statusCode(), false,
        response.statusCode() != 503, response);
  }

  Kind kind() {
    return kind;
  }

  @Override
  public boolean blamesInstance() {
    return blames;
  }

  /** Connection refused or reset: take the instance out at once instead of waiting for more failures. */
  boolean ejects() {
    return ejects;
  }

  HttpClientResponse response() {
    return response;
  }

  /** Short label for metrics and logs. */
  String reason() {
    return switch (kind) {
      case NOT_SENT -> "connect";
      case TIMEOUT -> "timeout";
      case BROKEN -> "broken";
      case STATUS -> "status_" + response.statusCode();
    };
  }

  /**
   * Whether the same request may go to another instance. Nothing sent: always (the body was not touched).
   * Otherwise only idempotent requests whose body can be sent again, and among statuses only 502 and 503 (the
   * instance could not handle it; a 500 is the application's own answer and goes back to the client).
   */
  boolean retriable(boolean idempotent, boolean bodyReplayable) {
    return switch (kind) {
      case NOT_SENT -> true;
      case TIMEOUT, BROKEN -> idempotent && bodyReplayable;
      case STATUS -> (response.statusCode() == 502 || response.statusCode() == 503) && idempotent && bodyReplayable;
    };
  }

  /** GET/HEAD/OPTIONS/TRACE/PUT/DELETE, and POST/PATCH that carry an Idempotency-Key. */
  static boolean idempotent(HttpMethod method, boolean hasIdempotencyKey) {
    if (method == HttpMethod.POST || method == HttpMethod.PATCH) {
      return hasIdempotencyKey;
    }
    return method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS
        || method == HttpMethod.TRACE || method == HttpMethod.PUT || method == HttpMethod.DELETE;
  }

  /** Reads an error response to its end (and drops it), so its connection goes back to the pool. */
  void drain() {
    HttpClientResponse response = response();
    if (response != null) {
      response.exceptionHandler(err -> { }).resume();
    }
  }
}

package dev.vxplatform.gateway.proxy;

import dev.vxplatform.shared.web.ProblemException;
import java.util.Map;

/**
 * A 503 of the gateway's own, with {@code Retry-After}: no instance of the service may take the request now, or the
 * service already has as many requests in flight as its concurrency limit allows.
 */
final class Unavailable extends ProblemException {

  private final Map<String, String> headers;

  Unavailable(String title, String detail, int retryAfterSeconds) {
    super(503, title, detail);
    this.headers = Map.of("Retry-After", String.valueOf(retryAfterSeconds));
  }

  @Override
  public Map<String, String> headers() {
    return headers;
  }
}

package dev.vxplatform.gateway.proxy;

import dev.vxplatform.shared.web.ProblemException;
import java.util.Map;

/**
 * A 429: the caller's bucket for this route class is empty. Its headers tell a client when to come back:
 * {@code Retry-After} in whole seconds, and the IETF RateLimit fields (draft-ietf-httpapi-ratelimit-headers):
 * the policy (quota and window) and what remains of it now.
 */
final class RateLimited extends ProblemException {

  private final Map<String, String> headers;

  RateLimited(RateLimitOptions.Policy policy, long waitNanos) {
    super(429, "Too many requests", "more than " + policy.describe() + " for this caller; retry after the"
        + " Retry-After seconds");
    long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
    this.headers = Map.of("Retry-After", String.valueOf(seconds),
        "RateLimit-Policy", "\"" + policy.name() + "\";q=" + policy.burst() + ";w=" + policy.windowSeconds(),
        "RateLimit", "\"" + policy.name() + "\";r=0;t=" + seconds);
  }

  @Override
  public Map<String, String> headers() {
    return headers;
  }
}

package dev.vxplatform.inventory.api;

import dev.vxplatform.shared.web.ProblemException;

/**
 * A 503 that will most likely succeed if asked again shortly; over HTTP it carries {@code Retry-After}, on the
 * event bus it is a failure with code 503 like any other.
 */
public final class RetryLaterException extends ProblemException {

  private final int retryAfterSeconds;

  public RetryLaterException(String title, String detail, int retryAfterSeconds) {
    super(503, title, detail);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}

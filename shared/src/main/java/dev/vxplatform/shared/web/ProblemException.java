package dev.vxplatform.shared.web;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * A failure that knows its HTTP status and problem text. Cheap: no stack trace, because it describes an
 * expected outcome (bad input, a conflict), not a bug. Subclass it for domain failures.
 */
public class ProblemException extends RuntimeException {

  private final int status;
  private final String title;
  private final JsonObject extensions;

  public ProblemException(int status, String title, String detail) {
    this(status, title, detail, new JsonObject());
  }

  /** @param extensions extra members merged into the problem body (e.g. the short skus) */
  public ProblemException(int status, String title, String detail, JsonObject extensions) {
    super(detail, null, false, false);
    this.status = status;
    this.title = title;
    this.extensions = extensions;
  }

  public static ProblemException badRequest(String detail) {
    return new ProblemException(400, "Invalid request", detail);
  }

  public static ProblemException notFound(String detail) {
    return new ProblemException(404, "Not found", detail);
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  /** Headers the answer carries besides the problem (a challenge, a {@code Retry-After}); none by default. */
  public Map<String, String> headers() {
    return Map.of();
  }

  public JsonObject toJson() {
    return Problems.body(status, title, getMessage()).mergeIn(extensions);
  }
}

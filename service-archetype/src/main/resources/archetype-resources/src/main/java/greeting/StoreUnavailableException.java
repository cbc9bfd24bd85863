package ${package}.greeting;

import dev.vxplatform.shared.web.ProblemException;
import io.vertx.core.json.JsonObject;

/**
 * The database of record did not take a write or give a read in time (away, too slow, refusing): a 503 with
 * {@code Retry-After}. Nothing changed, so the same request may simply be sent again.
 */
final class StoreUnavailableException extends ProblemException {

  static final long RETRY_AFTER_SECONDS = 1;

  StoreUnavailableException(String detail) {
    super(503, "Database unavailable", detail, new JsonObject().put("retryAfterSeconds", RETRY_AFTER_SECONDS));
  }
}

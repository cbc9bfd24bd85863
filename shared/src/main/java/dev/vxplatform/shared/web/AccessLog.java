package dev.vxplatform.shared.web;

import dev.vxplatform.shared.tracing.TraceIds;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per HTTP request answered, on the logger {@value #LOGGER} (INFO; turn it down in {@code logback.xml} or
 * with {@code ACCESS_LOG=OFF}): method, path, status, duration and trace id, written once the response has ended.
 */
public final class AccessLog {

  public static final String LOGGER = "access";
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  private AccessLog() {
  }

  /** A router's first handler. */
  public static void handler(RoutingContext ctx) {
    track(ctx.request());
    ctx.next();
  }

  /** Logs {@code request} once its response has ended; the trace id is the one current now, as it arrives. */
  public static void track(HttpServerRequest request) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    long started = System.nanoTime();
    String traceId = TraceIds.current();
    request.response().endHandler(v -> log(request.method().name(), request.path(),
        request.response().getStatusCode(), System.nanoTime() - started, traceId, ""));
  }

  /** The gateway's line: also its request id, the service and instance it went to, and how many attempts it took. */
  public static void proxied(HttpServerRequest request, int status, long nanos, String traceId, String requestId,
      String service, String instance, int attempts) {
    if (LOG.isInfoEnabled()) {
      log(request.method().name(), request.uri(), status, nanos, traceId,
          " [" + requestId + "] -> " + service + " " + instance + ", " + attempts + " attempt(s)");
    }
  }

  /** @param more what follows the trace id: empty, or the gateway's " [request id] -> service instance, attempts" */
  private static void log(String method, String path, int status, long nanos, String traceId, String more) {
    long tenthsOfMillis = nanos / 100_000;
    LOG.info("{} {} {} {}.{} ms trace {}{}", method, path, status, tenthsOfMillis / 10, tenthsOfMillis % 10,
        traceId == null ? "-" : traceId, more);
  }
}

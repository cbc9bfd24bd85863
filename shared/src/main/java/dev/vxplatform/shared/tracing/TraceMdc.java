package dev.vxplatform.shared.tracing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import org.slf4j.MDC;
import org.slf4j.Marker;

/**
 * Puts the current request's {@code trace_id} and {@code span_id} in the MDC of every line about to be logged, and
 * takes them out of a line logged outside a request: the bridge from the Vert.x context, which holds the request's
 * span ({@link TraceIds}), to Logback, whose MDC is per thread while an event loop serves many requests in turn.
 * Declared as a {@code <turboFilter>} in each service's {@code logback.xml}; a line at a level its logger leaves out
 * costs nothing more.
 */
public final class TraceMdc extends TurboFilter {

  public static final String TRACE_ID = "trace_id";
  public static final String SPAN_ID = "span_id";

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
      Throwable failure) {
    // Not logger.isEnabledFor(level): that asks the turbo filters again.
    if (level == null || !level.isGreaterOrEqual(logger.getEffectiveLevel())) {
      return FilterReply.NEUTRAL;
    }
    SpanContext span = Span.current().getSpanContext();
    if (span.isValid()) {
      MDC.put(TRACE_ID, span.getTraceId());
      MDC.put(SPAN_ID, span.getSpanId());
    } else if (MDC.get(TRACE_ID) != null) {
      MDC.remove(TRACE_ID);
      MDC.remove(SPAN_ID);
    }
    return FilterReply.NEUTRAL;
  }
}

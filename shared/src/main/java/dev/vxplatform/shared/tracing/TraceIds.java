package dev.vxplatform.shared.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/**
 * The trace of the request being handled: Vert.x's tracer keeps each request's span in that request's context, so on
 * its event loop (and in its callbacks) {@link Span#current()} is the request's span.
 */
public final class TraceIds {

  private TraceIds() {
  }

  /** The current request's trace id (32 hex digits), or null outside a traced request. */
  public static String current() {
    SpanContext span = Span.current().getSpanContext();
    return span.isValid() ? span.getTraceId() : null;
  }
}

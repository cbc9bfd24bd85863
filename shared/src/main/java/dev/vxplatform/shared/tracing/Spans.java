package dev.vxplatform.shared.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.util.function.Supplier;

/**
 * Spans of the platform's own work inside a traced request, next to the ones Vert.x makes for HTTP and the event bus:
 * the saga's steps ({@link #step}) and the calls to Hazelcast's maps ({@link #call}), each with the order it works for
 * ({@code order.id}). Work outside a request (the reconciler, the janitors) makes none, and neither does a
 * Vert.x built without a tracer.
 */
public final class Spans implements Shareable {

  public static final AttributeKey<String> ORDER_ID = AttributeKey.stringKey("order.id");
  /** The map a call went to and the key it named, as OpenTelemetry's database conventions name them. */
  public static final AttributeKey<String> MAP = AttributeKey.stringKey("db.collection.name");
  public static final AttributeKey<String> KEY = AttributeKey.stringKey("db.hazelcast.key");
  private static final String SHARED = "dev.vxplatform.tracing";
  private static final Spans NONE = new Spans(OpenTelemetry.noop().getTracer("none"));

  private final Tracer tracer;

  private Spans(Tracer tracer) {
    this.tracer = tracer;
  }

  /** Called once per Vert.x, by the bootstrap that gave it {@code openTelemetry} as its tracer. */
  public static void install(Vertx vertx, OpenTelemetry openTelemetry) {
    sharedBy(vertx).put(SHARED, new Spans(openTelemetry.getTracer("dev.vxplatform")));
  }

  /** The spans of {@code vertx}: ones that record nothing if it has no tracer. */
  public static Spans of(Vertx vertx) {
    Spans installed = sharedBy(vertx).get(SHARED);
    return installed != null ? installed : NONE;
  }

  /**
   * A step of the request being handled, and the parent of every span begun while it runs (a map call, an event-bus
   * request). The steps of one request follow each other; the step becomes the current span of the request's
   * context until its future completes, then its parent is again.
   */
  public <T> Future<T> step(String name, String orderId, Supplier<Future<T>> work) {
    Span span = begin(name, orderId);
    if (span == null) {
      return work.get();
    }
    Scope current = span.makeCurrent();
    return ended(span, work, current);
  }

  /** A call to Hazelcast ({@code map}, {@code operation} on {@code key}): a leaf, never the current span. */
  public <T> Future<T> call(String map, String operation, String key, String orderId, Supplier<Future<T>> work) {
    Span span = begin(map + " " + operation, orderId);
    if (span == null) {
      return work.get();
    }
    span.setAttribute(MAP, map).setAttribute(KEY, key);
    return ended(span, work, null);
  }

  private Span begin(String name, String orderId) {
    Context parent = Context.current();
    if (!Span.fromContext(parent).getSpanContext().isValid()) {
      return null;
    }
    Span span = tracer.spanBuilder(name).setParent(parent).startSpan();
    if (orderId != null) {
      span.setAttribute(ORDER_ID, orderId);
    }
    return span;
  }

  private static <T> Future<T> ended(Span span, Supplier<Future<T>> work, Scope current) {
    Future<T> done;
    try {
      done = work.get();
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    return done.andThen(outcome -> {
      if (outcome.failed()) {
        span.setStatus(StatusCode.ERROR, String.valueOf(outcome.cause().getMessage()));
      }
      span.end();
      if (current != null) {
        current.close();
      }
    });
  }

  private static LocalMap<String, Spans> sharedBy(Vertx vertx) {
    return vertx.sharedData().getLocalMap(SHARED);
  }
}

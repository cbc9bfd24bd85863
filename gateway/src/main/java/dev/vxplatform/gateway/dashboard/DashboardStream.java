package dev.vxplatform.gateway.dashboard;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code GET /ui/events}: Server-Sent Events to every open page. On connecting, a page gets {@code history} (the
 * timeline so far) and the last {@code snapshot}; then one {@code snapshot} a second and each {@code event} as it
 * happens. A snapshot is built once a second whether or not a page is open (a few instances' counters: microseconds),
 * so the rates are always over the last second and the timeline notices changes of safety and majority with no page
 * open. A page that does not keep up (its connection's write queue full) skips snapshots until it has caught up;
 * events are never skipped. Used on the dashboard's context only.
 */
final class DashboardStream {

  static final long SNAPSHOT_MILLIS = 1_000;

  private final Vertx vertx;
  private final Supplier<JsonObject> snapshots;
  private final Timeline timeline;
  private final Set<HttpServerResponse> pages = new LinkedHashSet<>();
  private long timer = -1;
  private JsonObject last = new JsonObject();

  DashboardStream(Vertx vertx, Supplier<JsonObject> snapshots, Timeline timeline) {
    this.vertx = vertx;
    this.snapshots = snapshots;
    this.timeline = timeline;
    timeline.onEvent(event -> pages.forEach(page -> send(page, "event", event.encode())));
  }

  /** Starts the snapshots; on the dashboard's context. */
  void start() {
    last = snapshots.get();
    timer = vertx.setPeriodic(SNAPSHOT_MILLIS, id -> publish());
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  void open(RoutingContext ctx) {
    HttpServerResponse page = ctx.response()
        .setChunked(true)
        .putHeader("Content-Type", "text/event-stream")
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Accel-Buffering", "no");
    send(page, "history", timeline.recent().encode());
    send(page, "snapshot", last.encode());
    pages.add(page);
    page.closeHandler(v -> pages.remove(page));
    page.exceptionHandler(err -> pages.remove(page));
  }

  private void publish() {
    last = snapshots.get();
    String data = last.encode();
    for (HttpServerResponse page : pages) {
      if (!page.writeQueueFull()) {
        send(page, "snapshot", data);
      }
    }
  }

  private static void send(HttpServerResponse page, String event, String data) {
    page.write("event: " + event + "\ndata: " + data + "\n\n");
  }
}

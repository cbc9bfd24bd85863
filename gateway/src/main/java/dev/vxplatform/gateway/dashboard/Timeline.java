package dev.vxplatform.gateway.dashboard;

import io.vertx.core.Context;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happened in the cluster, as the gateway saw it, newest last: the last {@value #KEPT} events, each
 * {@code {at, kind, text}} (plus {@code service} and {@code instance} where one is concerned). Events may come from
 * any thread (breakers change on every event loop, membership on Hazelcast's threads); they are kept and handed on
 * on the dashboard's context only.
 */
final class Timeline {

  static final int KEPT = 200;
  private static final Logger LOG = LoggerFactory.getLogger(Timeline.class);

  private final Context context;
  private final Deque<JsonObject> events = new ArrayDeque<>();
  private Consumer<JsonObject> onEvent = event -> { };

  Timeline(Context context) {
    this.context = context;
  }

  /** @param onEvent told of each new event, on the dashboard's context */
  void onEvent(Consumer<JsonObject> onEvent) {
    this.onEvent = onEvent;
  }

  void add(String kind, String text) {
    add(new JsonObject().put("kind", kind).put("text", text));
  }

  void add(String kind, String text, String service, String instance) {
    add(new JsonObject().put("kind", kind).put("text", text).put("service", service).put("instance", instance));
  }

  private void add(JsonObject event) {
    event.put("at", System.currentTimeMillis());
    context.runOnContext(v -> {
      LOG.debug("Dashboard event {}", event);
      events.addLast(event);
      if (events.size() > KEPT) {
        events.removeFirst();
      }
      onEvent.accept(event);
    });
  }

  /** The kept events, oldest first; on the dashboard's context. */
  JsonArray recent() {
    return new JsonArray(events.stream().map(Object.class::cast).toList());
  }
}

package dev.vxplatform.gateway.dashboard;

import dev.vxplatform.shared.contract.DatabaseContract;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The database as the data services see it: the last report of each node ({@link DatabaseContract#REPORTS}, one every
 * two seconds), a node's changes of mind in the timeline. A node that stopped reporting (gone, or hung) is dropped
 * after {@value #STALE_MILLIS} ms. Used on the dashboard's context only.
 */
final class DatabaseWatch {

  static final long STALE_MILLIS = 6_000;

  private record Report(boolean up, String service, String detail, long at) {
  }

  private final Timeline timeline;
  private final Function<String, String> describeNode;
  private final Map<String, Report> byNode = new HashMap<>();

  /** @param describeNode where a node serves, for the timeline */
  DatabaseWatch(Vertx vertx, Timeline timeline, Function<String, String> describeNode) {
    this.timeline = timeline;
    this.describeNode = describeNode;
    vertx.eventBus().<JsonObject>consumer(DatabaseContract.REPORTS, message -> heard(message.body()));
  }

  private void heard(JsonObject body) {
    String node = body.getString("node");
    Report report = new Report(body.getBoolean("up", false), body.getString("service"), body.getString("detail"),
        System.currentTimeMillis());
    Report last = byNode.put(node, report);
    if (last != null && last.up() != report.up()) {
      timeline.add(report.up() ? "database-reachable" : "database-unreachable", "database "
          + (report.up() ? "reachable again from " : "unreachable from ") + describeNode.apply(node)
          + (report.detail() == null ? "" : ": " + report.detail()));
    }
  }

  /**
   * {@code {state: "up"|"down"|"unknown", reachableFrom, reporting, unreachable:[{node, service, detail}]}}: up when
   * every reporting node reaches it, down when one does not, unknown while no node reports.
   */
  JsonObject snapshot() {
    long now = System.currentTimeMillis();
    byNode.values().removeIf(report -> now - report.at() > STALE_MILLIS);
    JsonArray unreachable = new JsonArray();
    byNode.forEach((node, report) -> {
      if (!report.up()) {
        unreachable.add(new JsonObject().put("node", node).put("service", report.service())
            .put("detail", report.detail()));
      }
    });
    String state = byNode.isEmpty() ? "unknown" : unreachable.isEmpty() ? "up" : "down";
    return new JsonObject().put("state", state).put("reachableFrom", byNode.size() - unreachable.size())
        .put("reporting", byNode.size()).put("unreachable", unreachable);
  }
}

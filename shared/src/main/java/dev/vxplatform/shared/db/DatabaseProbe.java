package dev.vxplatform.shared.db;

import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.contract.DatabaseContract;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;

/**
 * Tells the cluster whether this node reaches its database: a {@code SELECT 1} through the node's reactive pool every
 * {@value #INTERVAL_MILLIS} ms, answered within {@value #TIMEOUT_MILLIS} ms or counted as down, published on
 * {@link DatabaseContract#REPORTS} (the gateway's dashboard shows it). A report, not a readiness check: a node whose
 * database is away still answers what it can (reads from memory, 503 for writes), so it stays ready. One probe at a
 * time: while one waits on a hung database, the next ticks report it down without sending another.
 */
public final class DatabaseProbe {

  public static final long INTERVAL_MILLIS = 2_000;
  static final long TIMEOUT_MILLIS = 1_000;

  private final Vertx vertx;
  private final Pool pool;
  private final JsonObject reporter;
  private boolean probing;
  private long timer;

  private DatabaseProbe(Vertx vertx, Pool pool, String service) {
    this.vertx = vertx;
    this.pool = pool;
    this.reporter = new JsonObject().put("node", ClusterMembership.of(vertx).nodeId()).put("service", service);
  }

  /** Starts probing on the caller's context; {@link #stop()} ends it. */
  public static DatabaseProbe start(Vertx vertx, Pool pool, String service) {
    DatabaseProbe probe = new DatabaseProbe(vertx, pool, service);
    probe.timer = vertx.setPeriodic(1, INTERVAL_MILLIS, id -> probe.probe());
    return probe;
  }

  public void stop() {
    vertx.cancelTimer(timer);
  }

  private void probe() {
    if (probing) {
      report(false, "no answer to the last probe yet");
      return;
    }
    probing = true;
    pool.query("SELECT 1").execute()
        .onComplete(done -> probing = false)
        .timeout(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
        .onSuccess(rows -> report(true, null))
        .onFailure(failure -> report(false, failure.getMessage()));
  }

  private void report(boolean up, String detail) {
    JsonObject report = reporter.copy().put("up", up);
    vertx.eventBus().publish(DatabaseContract.REPORTS, detail == null ? report : report.put("detail", detail));
  }
}

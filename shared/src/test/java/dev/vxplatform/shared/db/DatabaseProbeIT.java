package dev.vxplatform.shared.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.shared.contract.DatabaseContract;
import dev.vxplatform.shared.testing.FreePorts;
import dev.vxplatform.shared.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A node's reports on its database, from a real PostgreSQL and from a port where none listens. */
@ExtendWith(VertxExtension.class)
class DatabaseProbeIT {

  @Test
  void reportsADatabaseThatAnswersAsUp(Vertx vertx, VertxTestContext test) {
    expectFirstReport(vertx, test, TestDatabase.create(), report -> {
      assertThat(report.getBoolean("up")).isTrue();
      assertThat(report.getString("service")).isEqualTo("svc");
      assertThat(report.getString("node")).isNotBlank();
      assertThat(report.containsKey("detail")).isFalse();
    });
  }

  @Test
  void reportsADatabaseThatCannotBeReachedAsDownWithWhy(Vertx vertx, VertxTestContext test) {
    DatabaseConfig nowhere = new DatabaseConfig("jdbc:postgresql://127.0.0.1:" + FreePorts.take() + "/postgres",
        "postgres", "", 2, 500);
    expectFirstReport(vertx, test, nowhere, report -> {
      assertThat(report.getBoolean("up")).isFalse();
      assertThat(report.getString("detail")).isNotBlank();
    });
  }

  private static void expectFirstReport(Vertx vertx, VertxTestContext test, DatabaseConfig database,
      Consumer<JsonObject> check) {
    Pool pool = PgBuilder.pool().connectingTo(database.pgConnectOptions()).using(vertx).build();
    AtomicBoolean first = new AtomicBoolean(true);
    AtomicReference<DatabaseProbe> probe = new AtomicReference<>();
    vertx.eventBus().<JsonObject>consumer(DatabaseContract.REPORTS, message -> {
      if (first.compareAndSet(true, false)) {
        probe.get().stop();
        test.verify(() -> check.accept(message.body()));
        pool.close().onComplete(closed -> test.completeNow());
      }
    });
    vertx.runOnContext(v -> probe.set(DatabaseProbe.start(vertx, pool, "svc")));
  }
}

package dev.vxplatform.shared.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.shared.testing.FreePorts;
import dev.vxplatform.shared.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real failures of a reactive pool, told apart: a database that cannot be reached in time becomes a
 * {@link DatabaseException} (callers answer 503), a statement the database refuses stays what it is (a bug: 500).
 */
@ExtendWith(VertxExtension.class)
class PoolFailureIT {

  private static final int POOL_WAIT_MILLIS = 200;

  @Test
  void noConnectionFreeWithinThePoolTimeoutIsUnavailable(Vertx vertx, VertxTestContext test) {
    Pool pool = pool(vertx, TestDatabase.create());
    pool.getConnection() // the pool's only connection, held: the query below waits for it
        .compose(held -> pool.query("SELECT 1").execute().map(rows -> (Throwable) null)
            .recover(Future::succeededFuture)
            .eventually(held::close))
        .onComplete(test.succeeding(failure -> test.verify(() -> {
          assertThat(failure).as("the query failed").isNotNull();
          assertThat(DatabaseException.fromPool("reading", failure)).isInstanceOf(DatabaseException.class)
              .hasMessageStartingWith("reading failed: ");
          pool.close().onComplete(closed -> test.completeNow());
        })));
  }

  @Test
  void aDatabaseThatRefusesConnectionsIsUnavailable(Vertx vertx, VertxTestContext test) {
    DatabaseConfig nowhere = new DatabaseConfig("jdbc:postgresql://127.0.0.1:" + FreePorts.take() + "/postgres",
        "postgres", "", 1, DatabaseConfig.DEFAULT_TIMEOUT_MILLIS);
    Pool pool = pool(vertx, nowhere);
    pool.query("SELECT 1").execute().onComplete(test.failing(failure -> test.verify(() -> {
      assertThat(DatabaseException.fromPool("reading", failure)).isInstanceOf(DatabaseException.class);
      pool.close().onComplete(closed -> test.completeNow());
    })));
  }

  @Test
  void aStatementTheDatabaseRefusesIsNot(Vertx vertx, VertxTestContext test) {
    Pool pool = pool(vertx, TestDatabase.create());
    pool.query("SELECT no_such_column FROM no_such_table").execute().onComplete(test.failing(failure ->
        test.verify(() -> {
          assertThat(DatabaseException.fromPool("reading", failure)).isSameAs(failure);
          pool.close().onComplete(closed -> test.completeNow());
        })));
  }

  private static Pool pool(Vertx vertx, DatabaseConfig database) {
    return PgBuilder.pool()
        .connectingTo(database.pgConnectOptions())
        .with(new PoolOptions().setMaxSize(1).setConnectionTimeout(POOL_WAIT_MILLIS)
            .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS))
        .using(vertx)
        .build();
  }
}

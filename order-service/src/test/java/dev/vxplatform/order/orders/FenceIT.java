package dev.vxplatform.order.orders;

import static dev.vxplatform.shared.testing.TestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.vxplatform.order.OrderVerticle;
import dev.vxplatform.order.testing.OrderCluster;
import dev.vxplatform.shared.db.Database;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The database's side of the reconciler's fencing: a claimed token supersedes older ones, whose writes do nothing. */
class FenceIT {

  private static OrderCluster cluster;
  private static Pool pool;
  private static OwedReleases owed;

  @BeforeAll
  static void start() {
    cluster = OrderCluster.start(1);
    Vertx node = cluster.node(0);
    await(node.executeBlocking(() -> {
      Database.of(node).migrate(OrderVerticle.SCHEMA);
      return null;
    }));
    pool = Database.of(node).pool(node);
    owed = new OwedReleases(pool);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void aNewerTokenFencesTheOlderOneOffAndANewIncarnationStartsAgain() {
    Fence first = new Fence("incarnation-a", 40);
    Fence newer = new Fence("incarnation-a", 41);
    assertThat(await(first.claim(pool))).isTrue();
    assertThat(await(first.claim(pool))).as("a token is claimed once").isFalse();
    await(owed.owe("order-1", first));
    await(owed.owe("order-2", first));

    assertThat(await(newer.claim(pool))).isTrue();
    assertThat(await(first.claim(pool))).as("an older token after a newer one").isFalse();
    assertThat(catchThrowable(() -> await(owed.owe("order-3", first)))).hasRootCauseInstanceOf(Fence.StaleFenceException.class);
    assertThat(catchThrowable(() -> await(owed.paid("order-1", first)))).hasRootCauseInstanceOf(Fence.StaleFenceException.class);
    assertThat(owedIds()).as("the stale holder wrote nothing").containsExactly("order-1", "order-2");

    await(owed.paid("order-1", newer));
    assertThat(owedIds()).containsExactly("order-2");

    Fence afterRestart = new Fence("incarnation-b", 1);
    assertThat(await(afterRestart.claim(pool))).as("the lock's state started over").isTrue();
    assertThat(catchThrowable(() -> await(owed.paid("order-2", newer)))).hasRootCauseInstanceOf(Fence.StaleFenceException.class);
    assertThat(owedIds()).containsExactly("order-2");
  }

  private static java.util.List<String> owedIds() {
    return await(owed.due(100)).stream().sorted().toList();
  }
}

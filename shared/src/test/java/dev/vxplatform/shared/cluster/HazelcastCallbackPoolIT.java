package dev.vxplatform.shared.cluster;

import static dev.vxplatform.shared.testing.TestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.shared.testing.TestCluster;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.junit.jupiter.api.Test;

/**
 * vertx-hazelcast's asynchronous maps complete through Hazelcast's callbacks: on a 2-core machine (this project's
 * build machine, and CI's) each of those was a new thread until the bootstrap gave Hazelcast a pool of its own.
 */
class HazelcastCallbackPoolIT {

  @Test
  void callsOfAClusteredNodeDoNotStartAThreadEach() {
    try (TestCluster cluster = TestCluster.start(2)) {
      Vertx node = cluster.node(0);
      AsyncMap<String, Integer> map = await(node.sharedData().getAsyncMap("callbacks"));
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      await(calls(map, 0, 20)); // the pool's threads, and whatever else a first call starts
      long before = threads.getTotalStartedThreadCount();

      int measured = 200;
      await(calls(map, 20, measured));

      long started = threads.getTotalStartedThreadCount() - before;
      assertThat(started).as("threads started during %d map calls", 2 * measured).isLessThan(measured / 10);
      assertThat(await(map.get("key-" + (20 + measured - 1)))).isEqualTo(20 + measured - 1);
    }
  }

  /** A put and a get for each of {@code count} keys, one after the other, on keys both members own. */
  private static Future<Void> calls(AsyncMap<String, Integer> map, int from, int count) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = from; i < from + count; i++) {
      String key = "key-" + i;
      int value = i;
      chain = chain.compose(v -> map.put(key, value)).compose(v -> map.get(key)).mapEmpty();
    }
    return chain;
  }
}

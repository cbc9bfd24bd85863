package dev.vxplatform.shared.cluster;

import com.hazelcast.internal.util.ConcurrencyUtil;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Where Hazelcast runs the callbacks of its futures ({@code whenComplete} and the like, as vertx-hazelcast's
 * asynchronous maps and Hazelcast's own services use them): on {@code ForkJoinPool.commonPool()} when that pool's
 * parallelism is above 1, and otherwise on a new thread for every callback. The common pool's parallelism is the
 * number of cores less one, so on a 2-core machine every node, idle, started about three threads a second, and one
 * more for each such call of a request. There Hazelcast gets a pool of its own, of the size it would use on three
 * cores. Hazelcast's setting is internal API, pinned by the Hazelcast version vertx-hazelcast brings (5.3.8).
 */
final class HazelcastCallbackPool {

  static final int PARALLELISM = 2;
  private static boolean installed;

  private HazelcastCallbackPool() {
  }

  /** Once per JVM, before the first member starts: the setting is Hazelcast's, for every member in the JVM. */
  static synchronized void installIfNeeded() {
    if (installed || ForkJoinPool.getCommonPoolParallelism() >= PARALLELISM) {
      return;
    }
    ConcurrencyUtil.setDefaultAsyncExecutor(new ForkJoinPool(PARALLELISM, pool -> {
      ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
      thread.setName("hazelcast-callback-" + thread.getPoolIndex());
      return thread;
    }, null, true));
    installed = true;
  }
}

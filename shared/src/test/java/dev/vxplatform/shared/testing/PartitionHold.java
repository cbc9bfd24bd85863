package dev.vxplatform.shared.testing;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Holds the partition thread of a key's owner, as an owner that stopped answering would hold every call to that key
 * (at most {@link #MAX_HOLD}), until closed. Changes nothing in the map.
 */
public final class PartitionHold implements AutoCloseable {

  private static final Duration MAX_HOLD = Duration.ofSeconds(20);
  private static final Map<String, PartitionHold> HOLDS = new ConcurrentHashMap<>();

  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicBoolean held = new AtomicBoolean();
  private final AtomicBoolean letGo = new AtomicBoolean();

  private PartitionHold() {
  }

  /** Returns once the owner's partition thread is held. */
  public static <K, V> PartitionHold of(IMap<K, V> map, K key) {
    String id = UUID.randomUUID().toString();
    PartitionHold hold = new PartitionHold();
    HOLDS.put(id, hold);
    map.submitToKey(key, new Holder<>(id));
    TestCluster.waitUntil("the owner's partition thread is held", Duration.ofSeconds(10), hold.held::get);
    return hold;
  }

  /** Whether the partition thread went back to work (closed, or held for the maximum). */
  public boolean letGo() {
    return letGo.get();
  }

  @Override
  public void close() {
    release.countDown();
  }

  /** Runs on the key's owner: in the same JVM as the test, so it finds its hold by id. */
  private record Holder<K, V>(String id) implements EntryProcessor<K, V, Object> {
    @Override
    public Object process(Map.Entry<K, V> entry) {
      PartitionHold hold = HOLDS.remove(id);
      hold.held.set(true);
      try {
        hold.release.await(MAX_HOLD.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      hold.letGo.set(true);
      return null;
    }

    @Override
    public EntryProcessor<K, V, Object> getBackupProcessor() {
      return null;
    }
  }
}

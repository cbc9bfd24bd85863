package dev.vxplatform.shared.cluster;

import com.hazelcast.map.IMap;
import com.hazelcast.map.impl.proxy.MapProxyImpl;
import java.util.concurrent.CompletionStage;

/**
 * {@code putIfAbsent} without blocking: Hazelcast 5.3's member-side map proxy has it ({@code putIfAbsentAsync}), its
 * {@link IMap} interface does not. Pinned to that implementation class, as {@code LoadStateRepair} is to its own.
 *
 * <p>Why not an entry processor ({@code JsonSwap}), which the public API does offer asynchronously: the backup of an
 * entry processor replays it, and a backup that does not hold the key (every new key) first loads it from the map
 * store: one more database query, on the synchronous backup's path, for a row the owner has just written. The
 * backup of a put carries the value and loads nothing.
 */
public final class PutIfAbsent {

  private PutIfAbsent() {
  }

  /**
   * Stores {@code value} unless {@code key} has one; completes with the value found (null when {@code value} was
   * stored). The owner loads the key from the map store first, like any put-if-absent.
   */
  public static <K, V> CompletionStage<V> putIfAbsent(IMap<K, V> map, K key, V value) {
    if (map instanceof MapProxyImpl<K, V> proxy) {
      return proxy.putIfAbsentAsync(key, value);
    }
    throw new IllegalStateException("map " + map.getName() + " is a " + map.getClass().getName()
        + ", not a Hazelcast 5.3 member's map proxy: put-if-absent has no asynchronous form here");
  }
}

package dev.vxplatform.shared.db;

import com.hazelcast.map.MapLoaderLifecycleSupport;
import com.hazelcast.map.MapStore;
import java.util.List;
import java.util.Map;

/**
 * What every write-through map store of the platform shares: string keys, one-key calls made as batches of one,
 * nothing loaded up front (an entry comes back when it is asked for: a map of every order ever placed must not be
 * read into memory at start), and a pool that belongs to the member's {@link Database}, not to the store.
 *
 * <p>Subclasses read their table names in {@code init} and find the database there ({@link SqlTables#source}).
 */
public abstract class SqlMapStore<V> implements MapStore<String, V>, MapLoaderLifecycleSupport {

  @Override
  public void destroy() {
    // the pool belongs to the member's Database
  }

  @Override
  public V load(String key) {
    return loadAll(List.of(key)).get(key);
  }

  @Override
  public Iterable<String> loadAllKeys() {
    return null;
  }

  @Override
  public void store(String key, V value) {
    storeAll(Map.of(key, value));
  }

  @Override
  public void delete(String key) {
    deleteAll(List.of(key));
  }
}

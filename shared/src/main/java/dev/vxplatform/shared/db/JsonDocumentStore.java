package dev.vxplatform.shared.db;

import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.MapLoaderLifecycleSupport;
import com.hazelcast.map.MapStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Write-through persistence of a map of JSON documents ({@link HazelcastJsonValue} by string key) that never
 * expire, in a table of {@link JsonDocumentTable}'s shape. Nothing is loaded at start: entries come back one by one
 * when they are asked for, evicted ones likewise.
 *
 * <p>Runs on the partition owner's Hazelcast threads; any member may own partitions of any map, so this class
 * lives in {@code shared} and finds the member's {@link Database} in its user context.
 */
public final class JsonDocumentStore implements MapStore<String, HazelcastJsonValue>, MapLoaderLifecycleSupport {

  private JsonDocumentTable table;

  /** The map-store configuration of a map kept in {@code table} ({@code schema.table}): write-through, on demand. */
  public static MapStoreConfig config(String table) {
    return SqlTables.writeThrough(JsonDocumentStore.class, JsonDocumentTable.properties(table));
  }

  @Override
  public void init(HazelcastInstance hazelcast, Properties properties, String mapName) {
    table = JsonDocumentTable.of(hazelcast, properties, mapName);
  }

  @Override
  public void destroy() {
    // the pool belongs to the member's Database
  }

  @Override
  public HazelcastJsonValue load(String key) {
    return loadAll(JsonDocumentTable.one(key)).get(key);
  }

  @Override
  public Map<String, HazelcastJsonValue> loadAll(Collection<String> keys) {
    Map<String, HazelcastJsonValue> found = new HashMap<>();
    table.load(keys).forEach((key, row) -> found.put(key, row.doc()));
    return found;
  }

  /** Nothing up front: a map of every order ever placed must not be read into memory at start. */
  @Override
  public Iterable<String> loadAllKeys() {
    return null;
  }

  @Override
  public void store(String key, HazelcastJsonValue value) {
    storeAll(Map.of(key, value));
  }

  @Override
  public void storeAll(Map<String, HazelcastJsonValue> entries) {
    Map<String, JsonDocumentTable.Row> rows = new HashMap<>();
    entries.forEach((key, doc) -> rows.put(key, new JsonDocumentTable.Row(doc, JsonDocumentTable.NEVER)));
    table.store(rows);
  }

  @Override
  public void delete(String key) {
    table.delete(JsonDocumentTable.one(key));
  }

  @Override
  public void deleteAll(Collection<String> keys) {
    table.delete(keys);
  }
}

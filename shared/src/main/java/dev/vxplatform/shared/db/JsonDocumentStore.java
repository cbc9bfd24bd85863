package dev.vxplatform.shared.db;

import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Write-through persistence of a map of JSON documents ({@link HazelcastJsonValue} by string key) that never
 * expire, in a table of {@link JsonDocumentTable}'s shape.
 *
 * <p>Runs on the partition owner's Hazelcast threads; any member may own partitions of any map, so this class
 * lives in {@code shared} and finds the member's {@link Database} in its user context.
 */
public final class JsonDocumentStore extends SqlMapStore<HazelcastJsonValue> {

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
  public Map<String, HazelcastJsonValue> loadAll(Collection<String> keys) {
    Map<String, HazelcastJsonValue> found = new HashMap<>();
    table.load(keys).forEach((key, row) -> found.put(key, row.doc()));
    return found;
  }

  @Override
  public void storeAll(Map<String, HazelcastJsonValue> entries) {
    Map<String, JsonDocumentTable.Row> rows = new HashMap<>();
    entries.forEach((key, doc) -> rows.put(key, new JsonDocumentTable.Row(doc, JsonDocumentTable.NEVER)));
    table.store(rows);
  }

  @Override
  public void deleteAll(Collection<String> keys) {
    table.delete(keys);
  }
}

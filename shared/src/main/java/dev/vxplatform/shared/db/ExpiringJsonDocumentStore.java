package dev.vxplatform.shared.db;

import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryStore;
import com.hazelcast.map.EntryLoader;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * As {@link JsonDocumentStore}, for a map whose every entry is written with a time to live: each row keeps the
 * expiry Hazelcast names, loading skips expired rows and gives the others back with the time they have left. The
 * map store is not told when an entry expires in memory, so the owning service deletes expired rows itself.
 *
 * <p>A map of entries without expiry must use {@link JsonDocumentStore}: Hazelcast 5.3 turns an entry loaded with
 * "no expiry" ({@code MetadataAwareValue.NO_TIME_SET}) into a time to live it cannot hold, and drops it at once.
 */
public final class ExpiringJsonDocumentStore extends SqlMapStore<EntryLoader.MetadataAwareValue<HazelcastJsonValue>>
    implements EntryStore<String, HazelcastJsonValue> {

  private JsonDocumentTable table;

  public static MapStoreConfig config(String table) {
    return SqlTables.writeThrough(ExpiringJsonDocumentStore.class, JsonDocumentTable.properties(table));
  }

  @Override
  public void init(HazelcastInstance hazelcast, Properties properties, String mapName) {
    table = JsonDocumentTable.of(hazelcast, properties, mapName);
  }

  @Override
  public Map<String, MetadataAwareValue<HazelcastJsonValue>> loadAll(Collection<String> keys) {
    Map<String, MetadataAwareValue<HazelcastJsonValue>> found = new HashMap<>();
    table.load(keys).forEach((key, row) -> found.put(key, new MetadataAwareValue<>(row.doc(), row.expiresAt())));
    return found;
  }

  /** Hazelcast names the expiry of each write: a put with a TTL, or Long.MAX_VALUE until the next setTtl. */
  @Override
  public void storeAll(Map<String, MetadataAwareValue<HazelcastJsonValue>> entries) {
    Map<String, JsonDocumentTable.Row> rows = new HashMap<>();
    entries.forEach((key, value) -> rows.put(key, new JsonDocumentTable.Row(value.getValue(),
        value.getExpirationTime())));
    table.store(rows);
  }

  @Override
  public void deleteAll(Collection<String> keys) {
    table.delete(keys);
  }
}

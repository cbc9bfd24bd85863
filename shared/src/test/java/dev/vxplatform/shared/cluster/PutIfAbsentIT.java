package dev.vxplatform.shared.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.map.MapStore;
import dev.vxplatform.shared.testing.TestCluster;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Why stores create entries with {@link PutIfAbsent} and not with an entry processor: on a map with a loader called
 * in line and a synchronous backup, the backup of a new key's processor loads the key too, the backup of a put does
 * not.
 */
class PutIfAbsentIT {

  private static final String MAP = "test.put-if-absent";
  private static final CountingLoader LOADER = new CountingLoader();
  private static TestCluster cluster;
  private static IMap<String, HazelcastJsonValue> map;

  @BeforeAll
  static void start() {
    // Store calls in line on the partition thread, as the platform's stores make them (SqlTables.writeThrough).
    cluster = TestCluster.start(2, config -> config.addMapConfig(new MapConfig(MAP).setBackupCount(1)
        .setMapStoreConfig(new MapStoreConfig().setEnabled(true).setOffload(false).setImplementation(LOADER))));
    HazelcastInstance hazelcast = ClusterMembership.of(cluster.node(0)).hazelcast();
    // Until the join's migrations are over, a partition may have no backup replica yet.
    TestCluster.waitUntil("the cluster is safe", Duration.ofSeconds(60),
        () -> hazelcast.getPartitionService().isClusterSafe());
    map = hazelcast.getMap(MAP);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aNewKeyIsLoadedByItsOwnerOnlyAndAnExistingValueIsAnswered() throws Exception {
    HazelcastJsonValue first = new HazelcastJsonValue("{\"v\":1}");
    LOADER.loads.set(0);

    assertThat(PutIfAbsent.putIfAbsent(map, "put", first).toCompletableFuture().get(30, TimeUnit.SECONDS)).isNull();
    assertThat(LOADER.loads).as("loads of a new key by put-if-absent").hasValue(1);

    assertThat(PutIfAbsent.putIfAbsent(map, "put", new HazelcastJsonValue("{\"v\":2}")).toCompletableFuture()
        .get(30, TimeUnit.SECONDS)).isEqualTo(first);
    assertThat(map.get("put")).isEqualTo(first);
  }

  @Test
  void aNewKeysEntryProcessorIsLoadedByItsBackupToo() throws Exception {
    LOADER.loads.set(0);

    map.submitToKey("processed", new SetIfAbsent()).toCompletableFuture().get(30, TimeUnit.SECONDS);

    assertThat(LOADER.loads).as("loads of a new key by an entry processor").hasValue(2);
  }

  /** Finds nothing, and counts how often it was asked (by owners and backups alike: one loader for both members). */
  static final class CountingLoader implements MapStore<String, HazelcastJsonValue> {
    final AtomicInteger loads = new AtomicInteger();

    @Override
    public HazelcastJsonValue load(String key) {
      loads.incrementAndGet();
      return null;
    }

    @Override
    public Map<String, HazelcastJsonValue> loadAll(Collection<String> keys) {
      loads.addAndGet(keys.size());
      return Map.of();
    }

    @Override
    public Iterable<String> loadAllKeys() {
      return Set.of();
    }

    @Override
    public void store(String key, HazelcastJsonValue value) {
    }

    @Override
    public void storeAll(Map<String, HazelcastJsonValue> entries) {
    }

    @Override
    public void delete(String key) {
    }

    @Override
    public void deleteAll(Collection<String> keys) {
    }
  }

  static final class SetIfAbsent implements EntryProcessor<String, HazelcastJsonValue, Object> {
    @Override
    public Object process(Map.Entry<String, HazelcastJsonValue> entry) {
      if (entry.getValue() == null) {
        entry.setValue(new HazelcastJsonValue("{\"v\":0}"));
      }
      return null;
    }
  }
}

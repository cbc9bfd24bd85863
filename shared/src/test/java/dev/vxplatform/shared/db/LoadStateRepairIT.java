package dev.vxplatform.shared.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.cluster.Address;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.map.impl.MapKeyLoader;
import com.hazelcast.map.impl.MapService;
import com.hazelcast.map.impl.recordstore.DefaultRecordStore;
import com.hazelcast.spi.impl.NodeEngine;
import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.testing.TestCluster;
import dev.vxplatform.shared.testing.TestDatabase;
import io.vertx.core.Vertx;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A backup replica left "still loading" (its load began while it owned the partition, and the message that ends the
 * load went to the new owner) refuses the backup of every write to its partition; {@link LoadStateRepair#markLoaded}
 * frees it. The stranded state is made directly, as the race leaves it: see {@link #strand}.
 */
class LoadStateRepairIT {

  private static final String MAP = "test.docs";
  private static final String KEY = "doc-1";

  private static TestCluster cluster;

  @BeforeAll
  static void start() throws SQLException {
    DatabaseConfig database = TestDatabase.create();
    try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA test");
      statement.execute("CREATE TABLE test.docs (id text PRIMARY KEY, doc json NOT NULL, expires_at bigint)");
    }
    cluster = TestCluster.startWithDatabase(2, 1, database, config -> config.addMapConfig(
        new MapConfig(MAP).setBackupCount(1).setMapStoreConfig(JsonDocumentStore.config("test.docs"))));
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void strandedBackupRefusesWritesUntilMarkedLoaded() throws Exception {
    HazelcastInstance owner = hazelcast(cluster.node(0));
    IMap<String, HazelcastJsonValue> docs = owner.getMap(MAP);
    docs.put(KEY, new HazelcastJsonValue("{\"v\":1}"));
    int partition = owner.getPartitionService().getPartition(KEY).getPartitionId();
    DefaultRecordStore backupStore = backupRecordStore(partition);
    strand(backupStore);

    assertThatThrownBy(() -> docs.executeOnKey(KEY, new SetDoc("{\"v\":2}")))
        .as("a write whose backup replica is still loading")
        .isInstanceOf(IndeterminateOperationStateException.class);

    int failed = LoadStateRepair.markLoaded(owner, List.of(MAP)).get(60, TimeUnit.SECONDS);

    assertThat(failed).as("replicas the repair could not reach").isZero();
    assertThat(backupStore.isLoaded()).as("the backup's load state after the repair").isTrue();
    docs.executeOnKey(KEY, new SetDoc("{\"v\":3}"));
    assertThat(docs.get(KEY).getValue()).isEqualTo("{\"v\":3}");
  }

  /**
   * A write as the services make them, an entry processor: its backup reads the entry through the load check
   * (a plain put's backup does not).
   */
  private record SetDoc(String json) implements EntryProcessor<String, HazelcastJsonValue, Void> {

    @Override
    public Void process(Map.Entry<String, HazelcastJsonValue> entry) {
      entry.setValue(new HazelcastJsonValue(json));
      return null;
    }
  }

  /**
   * Leaves {@code store} as the race leaves a former owner: a load under way whose end message goes to the owner,
   * so never to this replica. It is the load a record store starts when it owns its partition ({@code startLoading}:
   * the key loader's private {@code triggerLoading}), reached by reflection because nothing public starts it on a
   * backup.
   */
  private static void strand(DefaultRecordStore store) throws ReflectiveOperationException {
    Field keyLoaderField = DefaultRecordStore.class.getDeclaredField("keyLoader");
    keyLoaderField.setAccessible(true);
    MapKeyLoader keyLoader = (MapKeyLoader) keyLoaderField.get(store);
    Method triggerLoading = MapKeyLoader.class.getDeclaredMethod("triggerLoading");
    triggerLoading.setAccessible(true);
    store.getLoadingFutures().add((Future<?>) triggerLoading.invoke(keyLoader));
  }

  /** The record store of {@link #MAP} on the member that holds the first backup of {@code partition}. */
  private static DefaultRecordStore backupRecordStore(int partition) {
    for (Vertx node : cluster.nodes()) {
      NodeEngine engine = LoadStateRepair.nodeEngine(hazelcast(node));
      Address backup = engine.getPartitionService().getPartition(partition).getReplicaAddress(1);
      if (engine.getThisAddress().equals(backup)) {
        MapService maps = engine.getService(MapService.SERVICE_NAME);
        return (DefaultRecordStore) maps.getMapServiceContext().getPartitionContainer(partition)
            .getExistingRecordStore(MAP);
      }
    }
    throw new AssertionError("no member holds a backup of partition " + partition);
  }

  private static HazelcastInstance hazelcast(Vertx node) {
    return ClusterMembership.of(node).hazelcast();
  }
}

package ${package}.greeting;

import ${package}.${classPrefix}Config;
import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.config.MetadataPolicy;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.map.IMap;
import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.cluster.DurableMaps;
import dev.vxplatform.shared.db.DatabaseException;
import dev.vxplatform.shared.db.JsonDocumentStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Greetings by name: the Hazelcast IMap {@value #MAP} in front (synchronous backups, see {@link DurableMaps}), the
 * table {@value #TABLE} behind it as the record. Every write goes through to the table before it is acknowledged
 * (write-through, shared {@link JsonDocumentStore}); the map keeps the recently used greetings in memory and loads
 * any other from the table when it is asked for, so a greeting evicted from memory, or written before a restart of
 * the whole cluster, reads as any other.
 *
 * <p>Values are {@link HazelcastJsonValue}: the partitions of this map also live on members of other services,
 * which do not have this service's classes, and JSON needs none. Calls are Hazelcast's {@code *Async} ones turned
 * into Vert.x futures: nothing blocks the event loop, and the database work runs on the partition owner's thread.
 */
public final class GreetingStore {

  public static final String MAP = ${classPrefix}Config.SCHEMA + ".greetings";
  /** Created by {@code db/${schema}/V1__greetings.sql}. */
  public static final String TABLE = ${classPrefix}Config.SCHEMA + ".greetings";
  /** A write whose outcome Hazelcast could not tell (a backup acknowledged late) is made again, this many times. */
  static final int ATTEMPTS = 3;
  private static final Logger LOG = LoggerFactory.getLogger(GreetingStore.class);

  private final Vertx vertx;
  private final IMap<String, HazelcastJsonValue> map;

  private GreetingStore(Vertx vertx, IMap<String, HazelcastJsonValue> map) {
    this.vertx = vertx;
    this.map = map;
  }

  /**
   * Synchronous backups, the table behind it, and at most {@code maxPerNode} greetings in memory per member, least
   * recently used evicted first.
   */
  public static MapConfig mapConfig(int backupCount, int maxPerNode) {
    Config scratch = new Config();
    DurableMaps.withSyncBackups(backupCount, MAP).accept(scratch);
    // No JSON metadata: Hazelcast builds it for every JSON value so that map queries can read it, and nothing
    // queries this map. A question about many greetings is SQL against the table (Database.pool).
    return scratch.getMapConfig(MAP)
        .setMetadataPolicy(MetadataPolicy.OFF)
        .setMapStoreConfig(JsonDocumentStore.config(TABLE))
        .setEvictionConfig(new EvictionConfig().setEvictionPolicy(EvictionPolicy.LRU)
            .setMaxSizePolicy(MaxSizePolicy.PER_NODE).setSize(maxPerNode));
  }

  /**
   * Configures the map cluster-wide (Hazelcast's dynamic configuration: it reaches every member, also those of other
   * services that own partitions of it, and a member started with another backup count fails here instead of
   * silently disagreeing), then gets its proxy. Both talk to the cluster: on a worker, before the first request.
   */
  public static Future<GreetingStore> open(Vertx vertx, int backupCount, int maxPerNode) {
    return vertx.executeBlocking(() -> {
      HazelcastInstance hazelcast = ClusterMembership.of(vertx).hazelcast();
      hazelcast.getConfig().addMapConfig(mapConfig(backupCount, maxPerNode));
      return new GreetingStore(vertx, hazelcast.getMap(MAP));
    });
  }

  /** The greeting stored for {@code name}, or {@code null}; from memory, or loaded from the table. */
  Future<Greeting> get(String name) {
    return call("reading the greeting of " + name, () -> map.getAsync(name), 1)
        .map(stored -> stored == null ? null : Greeting.fromDocument(stored.toString()));
  }

  /** Stores (or replaces) the greeting of its name; done once the table has it. Safe to repeat, so retried. */
  Future<Greeting> put(Greeting greeting) {
    HazelcastJsonValue document = new HazelcastJsonValue(greeting.document());
    return call("storing the greeting of " + greeting.name(), () -> map.setAsync(greeting.name(), document), 1)
        .map(greeting);
  }

  private <T> Future<T> call(String what, Supplier<CompletionStage<T>> operation, int attempt) {
    return Future.fromCompletionStage(operation.get(), vertx.getOrCreateContext()).recover(failure -> {
      if (causedBy(failure, IndeterminateOperationStateException.class) && attempt < ATTEMPTS) {
        return call(what, operation, attempt + 1);
      }
      if (DatabaseException.in(failure)) {
        LOG.warn("{} failed: the database did not answer in time or refused ({})", what, failure.getMessage());
        return Future.failedFuture(new StoreUnavailableException(what + " failed: the database of record did not"
            + " answer in time or refused the write; nothing was changed, retry shortly"));
      }
      return Future.failedFuture(failure);
    });
  }

  private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return true;
      }
    }
    return false;
  }
}

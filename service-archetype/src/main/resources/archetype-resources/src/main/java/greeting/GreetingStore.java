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
import com.hazelcast.map.IMap;
import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.cluster.DurableMaps;
import dev.vxplatform.shared.cluster.HazelcastCalls;
import dev.vxplatform.shared.db.DatabaseException;
import dev.vxplatform.shared.db.JsonDocumentStore;
import dev.vxplatform.shared.tracing.Spans;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Greetings by name: the Hazelcast IMap {@value #MAP} in front (synchronous backups, see {@link DurableMaps}), the
 * table {@value #TABLE} behind it as the record. Every write goes through to the table before it is acknowledged
 * (write-through, shared {@link JsonDocumentStore}); the map keeps the recently used greetings in memory and loads
 * any other from the table when it is asked for, so a greeting evicted from memory, or written before a restart of
 * the whole cluster, reads as any other.
 *
 * <p>Values are {@link HazelcastJsonValue}: the partitions of this map also live on members of other services,
 * which do not have this service's classes, and JSON needs none. Calls are Hazelcast's {@code *Async} ones turned
 * into Vert.x futures by the shared {@link HazelcastCalls}, with its one retry policy: nothing blocks the event loop,
 * and the database work runs on the partition owner's thread.
 */
public final class GreetingStore {

  public static final String MAP = ${classPrefix}Config.SCHEMA + ".greetings";
  /** Created by {@code db/${schema}/V1__greetings.sql}. */
  public static final String TABLE = ${classPrefix}Config.SCHEMA + ".greetings";

  private final IMap<String, HazelcastJsonValue> map;
  private final HazelcastCalls calls;
  private final Spans spans;

  private GreetingStore(Vertx vertx, Context context, IMap<String, HazelcastJsonValue> map) {
    this.map = map;
    this.calls = new HazelcastCalls(vertx, context, GreetingStore::failure);
    this.spans = Spans.of(vertx);
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
    Context context = vertx.getOrCreateContext();
    return vertx.executeBlocking(() -> {
      HazelcastInstance hazelcast = ClusterMembership.of(vertx).hazelcast();
      hazelcast.getConfig().addMapConfig(mapConfig(backupCount, maxPerNode));
      return new GreetingStore(vertx, context, hazelcast.getMap(MAP));
    });
  }

  /** The greeting stored for {@code name}, or {@code null}; from memory, or loaded from the table. */
  Future<Greeting> get(String name) {
    return spans.call(MAP, "get", name, null,
            () -> calls.idempotent("reading the greeting of " + name, () -> map.getAsync(name)))
        .map(stored -> stored == null ? null : Greeting.fromDocument(stored.toString()));
  }

  /** Stores (or replaces) the greeting of its name; done once the table has it. Safe to repeat, so retried. */
  Future<Greeting> put(Greeting greeting) {
    HazelcastJsonValue document = new HazelcastJsonValue(greeting.document());
    return spans.call(MAP, "set", greeting.name(), null, () -> calls.idempotent("storing the greeting of "
            + greeting.name(), () -> map.setAsync(greeting.name(), document)))
        .map(greeting);
  }

  /**
   * What a call that failed for good becomes, after the shared retry policy ({@link HazelcastCalls}, which also
   * logs it).
   */
  private static Throwable failure(String what, Throwable cause, boolean idempotent) {
    if (DatabaseException.in(cause)) {
      return new StoreUnavailableException(what + " failed: the database of record did not answer in time or"
          + " refused the write; nothing was changed, retry shortly");
    }
    return cause;
  }
}

package dev.vxplatform.shared.discovery;

import com.hazelcast.core.EntryAdapter;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.MapEvent;
import com.hazelcast.map.listener.EntryMergedListener;
import dev.vxplatform.shared.cluster.ClusterMembership;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.UUID;

/**
 * Says when a discovery record changes anywhere in the cluster: a Hazelcast entry listener, without values, on the
 * map behind Vert.x's discovery backend. It only says when; the view re-reads to learn what. A record that comes back
 * with a merge after a network partition counts too, although no one announced it.
 */
final class RecordChanges {

  /** The map in which Vert.x's {@code DefaultServiceDiscoveryBackend} keeps the records on a clustered Vert.x. */
  static final String RECORDS_MAP = "service.registry";

  private RecordChanges() {
  }

  /**
   * Runs {@code onChange} on the caller's context after each change. Registering talks to every member, so it runs on
   * a worker; the future completes with what stops the watch.
   */
  static Future<Runnable> watch(Vertx vertx, ClusterMembership membership, Runnable onChange) {
    Context context = vertx.getOrCreateContext();
    return vertx.executeBlocking(() -> {
      IMap<Object, Object> records = membership.hazelcast().getMap(RECORDS_MAP);
      UUID registration = records.addEntryListener(new Listener(() -> context.runOnContext(v -> onChange.run())),
          false);
      return () -> vertx.executeBlocking(() -> records.removeEntryListener(registration));
    });
  }

  /** Every kind of entry event (EntryAdapter's) and a merged entry (which EntryAdapter leaves out). */
  private static final class Listener extends EntryAdapter<Object, Object>
      implements EntryMergedListener<Object, Object> {

    private final Runnable changed;

    Listener(Runnable changed) {
      this.changed = changed;
    }

    @Override
    public void onEntryEvent(EntryEvent<Object, Object> event) {
      changed.run();
    }

    @Override
    public void onMapEvent(MapEvent event) {
      changed.run();
    }

    @Override
    public void entryMerged(EntryEvent<Object, Object> event) {
      changed.run();
    }
  }
}

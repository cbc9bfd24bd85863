package dev.vxplatform.shared.db;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import dev.vxplatform.shared.cluster.ClusterMembership;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hazelcast 5.3 tracks, per partition, whether a map with a map store has finished loading; operations on a
 * partition that has not are retried with "Map ... is still loading data from external store". In the availability
 * check a partition of {@code inventory.reservations} that changed owner when a frozen member was expelled and
 * rejoined stayed in that state for minutes: its new owner waited for a key-load message the map's coordinating
 * partition had sent long before. Asking for a load again ({@code IMap.loadAll(false)}: the stores load no keys up
 * front, so it loads nothing) makes the coordinator tell every partition that loading is finished.
 *
 * <p>So after every membership change, once the cluster is safe again (migrations over), this member asks that for
 * the given maps. Every data service does it for its own maps; several members asking is harmless.
 */
public final class LoadStateRepair {

  static final long POLL_MILLIS = 500;
  static final long GIVE_UP_MILLIS = 120_000;
  private static final Logger LOG = LoggerFactory.getLogger(LoadStateRepair.class);

  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  private final List<String> maps;
  private final AtomicBoolean scheduled = new AtomicBoolean();

  private LoadStateRepair(Vertx vertx, List<String> maps) {
    this.vertx = vertx;
    this.hazelcast = ClusterMembership.of(vertx).hazelcast();
    this.maps = List.copyOf(maps);
  }

  /** Watches membership; {@link #stop} ends it. */
  public static UUID watch(Vertx vertx, List<String> maps) {
    LoadStateRepair repair = new LoadStateRepair(vertx, maps);
    return repair.hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        repair.schedule();
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        repair.schedule();
      }
    });
  }

  public static void stop(Vertx vertx, UUID registration) {
    if (registration != null) {
      ClusterMembership.of(vertx).hazelcast().getCluster().removeMembershipListener(registration);
    }
  }

  private void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      long deadline = System.currentTimeMillis() + GIVE_UP_MILLIS;
      vertx.setTimer(POLL_MILLIS, id -> whenSafe(deadline));
    }
  }

  private void whenSafe(long deadline) {
    vertx.executeBlocking(() -> hazelcast.getLifecycleService().isRunning()
            && hazelcast.getPartitionService().isClusterSafe(), false)
        .otherwise(false)
        .onSuccess(safe -> {
          if (safe) {
            scheduled.set(false);
            repair();
          } else if (System.currentTimeMillis() < deadline && hazelcast.getLifecycleService().isRunning()) {
            vertx.setTimer(POLL_MILLIS, id -> whenSafe(deadline));
          } else {
            scheduled.set(false);
          }
        });
  }

  private void repair() {
    for (String map : maps) {
      vertx.executeBlocking(() -> {
        hazelcast.getMap(map).loadAll(false);
        return null;
      }, false).onFailure(failure -> LOG.debug("Load-state repair of {} not done: {}", map, failure.toString()));
    }
  }
}

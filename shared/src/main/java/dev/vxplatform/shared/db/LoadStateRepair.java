package dev.vxplatform.shared.db;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceImpl;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.map.impl.MapService;
import com.hazelcast.map.impl.operation.KeyLoadStatusOperation;
import com.hazelcast.spi.impl.NodeEngine;
import com.hazelcast.spi.impl.operationservice.OperationService;
import dev.vxplatform.shared.cluster.ClusterMembership;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hazelcast 5.3 tracks, per partition replica, whether a map with a map store has finished its initial load, and a
 * replica that has not answers "Map ... is still loading data from external store" to every operation, backup
 * operations included. The message that ends the load goes to the partition's owner only, so a partition that changes
 * owner while it loads leaves replicas waiting for good:
 * <ul>
 *   <li>the new owner, for a message sent to the old one: every call on the partition is retried until it times
 *   out (seen after a frozen member was expelled and rejoined);
 *   <li>the old owner, now its backup: it refuses the backup of every write, so each write misses its backup
 *   acknowledgement and fails as indeterminate (seen when two members start together, as compose starts them).
 * </ul>
 * The stores load no keys up front ({@link SqlMapStore#loadAllKeys}), so there is never anything to wait for. Once
 * at start and after every membership change, once the cluster is safe (migrations over), this member sends the
 * message Hazelcast's own loader sends, {@link KeyLoadStatusOperation}, to every replica of every partition of the
 * given maps. It is Hazelcast internal API, pinned by the 5.3.8 that vertx-hazelcast brings; several members sending
 * it is harmless.
 */
public final class LoadStateRepair {

  static final long POLL_MILLIS = 500;
  static final long GIVE_UP_MILLIS = 120_000;
  /** Tries per message: a replica whose member just left answers "wrong target" until the table is updated. */
  private static final int TRIES = 5;
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

  /** Repairs once the cluster is safe, then after every membership change; {@link #stop} ends the watch. */
  public static UUID watch(Vertx vertx, List<String> maps) {
    LoadStateRepair repair = new LoadStateRepair(vertx, maps);
    repair.schedule();
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

  /**
   * Tells every replica of every partition of {@code maps} that loading is finished. Completes when every message
   * has an outcome, with the number that failed (a member leaving meanwhile, a minority refusing a write).
   */
  static CompletableFuture<Integer> markLoaded(HazelcastInstance hazelcast, List<String> maps) {
    NodeEngine engine = nodeEngine(hazelcast);
    OperationService operations = engine.getOperationService();
    int partitions = engine.getPartitionService().getPartitionCount();
    long dataMembers = hazelcast.getCluster().getMembers().stream().filter(member -> !member.isLiteMember()).count();
    List<CompletableFuture<Object>> sent = new ArrayList<>();
    for (String map : maps) {
      long replicas = Math.min(dataMembers, 1 + hazelcast.getConfig().findMapConfig(map).getTotalBackupCount());
      for (int partition = 0; partition < partitions; partition++) {
        for (int replica = 0; replica < replicas; replica++) {
          sent.add(operations.createInvocationBuilder(MapService.SERVICE_NAME,
              new KeyLoadStatusOperation(map, null), partition).setReplicaIndex(replica).setTryCount(TRIES).invoke());
        }
      }
    }
    return CompletableFuture.allOf(sent.stream().map(future -> future.exceptionally(failure -> null))
            .toArray(CompletableFuture[]::new))
        .thenApply(all -> (int) sent.stream().filter(CompletableFuture::isCompletedExceptionally).count());
  }

  static NodeEngine nodeEngine(HazelcastInstance hazelcast) {
    HazelcastInstanceImpl member = hazelcast instanceof HazelcastInstanceProxy proxy ? proxy.getOriginal()
        : (HazelcastInstanceImpl) hazelcast;
    return member.node.getNodeEngine();
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
    CompletableFuture<Integer> marked;
    try {
      marked = markLoaded(hazelcast, maps); // sends the operations and returns: nothing here waits
    } catch (RuntimeException notRunning) {
      marked = CompletableFuture.failedFuture(notRunning);
    }
    Future.fromCompletionStage(marked, vertx.getOrCreateContext())
        .onSuccess(failed -> {
          if (failed > 0) {
            LOG.debug("Load-state repair of {}: {} replica(s) not reached", maps, failed);
          }
        })
        .onFailure(failure -> LOG.debug("Load-state repair of {} not done: {}", maps, failure.toString()));
  }
}

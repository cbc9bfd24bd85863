package dev.vxplatform.shared.discovery;

import dev.vxplatform.shared.cluster.ClusterMajority;
import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.cluster.FreezeWatch;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the records of dead publishers, which vertx-service-discovery never does by itself.
 *
 * <p>Two triggers, both run by every surviving node (removal is idempotent): a member leaving the Hazelcast
 * cluster (crash or partition) removes every record carrying its node id at once; and a periodic sweep removes
 * records whose publisher's lease expired, which also covers a JVM whose service hangs while its member lives.
 *
 * <p>A lease also looks expired when its renewals were stuck behind a hung member's partitions. So a record is
 * removed only when its lease has been missing for {@link #CONFIRM_SWEEPS} sweep intervals, and the sweep stays
 * its hand for one lease period after any member left (then the renewals are catching up, not dead).
 *
 * <p>A node that was itself frozen (SIGSTOP, a long GC pause, a suspended VM) wakes up believing every other
 * member left; its verdicts would remove the records of healthy nodes from the cluster it is about to be expelled
 * from. So the janitor judges nobody while the JVM's {@link FreezeWatch} counts it suspect: from the resume until it
 * has joined the cluster again.
 *
 * <p>Nor does a member without a majority ({@link ClusterMajority}, where {@code CLUSTER_MIN_SIZE} is set): cut off
 * by a network partition, it sees every member of the other side leave (and, on its copy of the lease map, their
 * leases expire), but it is the one cut off. An isolated member's departures came through only after the heal, and
 * the removals they caused reached the healed cluster: the gateway dropped every order-service instance.
 */
final class RecordJanitor {

  private static final Logger LOG = LoggerFactory.getLogger(RecordJanitor.class);

  private final Vertx vertx;
  private final ServiceDiscovery discovery;
  private final RegistryOptions options;
  private final long timerId;
  static final int CONFIRM_SWEEPS = 2;

  /** Publishers whose lease is missing, and since when. */
  private final Map<String, Long> missingSince = new HashMap<>();
  private volatile long lastDeparture;
  private final FreezeWatch freezeWatch;
  private boolean sweeping;
  private volatile boolean closed;
  private final BooleanSupplier inMajority;
  private final AtomicInteger leftToTheMajority = new AtomicInteger();

  RecordJanitor(Vertx vertx, ServiceDiscovery discovery, ClusterMembership membership, RegistryOptions options) {
    this.vertx = vertx;
    this.discovery = discovery;
    this.options = options;
    this.freezeWatch = FreezeWatch.of(vertx);
    // A Vert.x that is not clustered (tests, a single node) has no one else's records to judge.
    this.inMajority = membership.isClustered()
        ? ClusterMajority.of(membership.hazelcast(), "removing the records of other members")::present : () -> true;
    membership.onMemberRemoved(nodeId -> {
      lastDeparture = System.currentTimeMillis();
      if (freezeWatch.suspect()) {
        LOG.warn("Member {} left while this node itself was frozen: leaving its records to the others", nodeId);
      } else if (!inMajority.getAsBoolean()) {
        leftToTheMajority.incrementAndGet();
        LOG.warn("Member {} left while this node sees no majority: leaving its records to the majority", nodeId);
      } else if (!closed) {
        removeWhere(record -> nodeId.equals(Records.nodeOf(record)), "its member " + nodeId + " left");
      }
    });
    this.timerId = vertx.setPeriodic(options.refreshMillis(), id -> sweepExpiredLeases());
  }

  private void sweepExpiredLeases() {
    if (sweeping || closed || freezeWatch.suspect() || !inMajority.getAsBoolean()) {
      return;
    }
    if (recentDeparture()) {
      missingSince.clear();
      return;
    }
    sweeping = true;
    // Records first, leases second: a lease is written before its record, so a record seen here whose lease
    // is missing afterwards really expired.
    discovery.getRecords(record -> Records.instanceOf(record) != null, true)
        .compose(records -> leaseHolders().compose(live -> {
          if (recentDeparture()) {
            missingSince.clear(); // a member left while we read: these leases may just be catching up
            return Future.<Void>succeededFuture();
          }
          long now = System.currentTimeMillis();
          Set<String> missing = new HashSet<>();
          records.stream().map(Records::instanceOf).filter(id -> !live.contains(id)).forEach(missing::add);
          missingSince.keySet().retainAll(missing);
          missing.forEach(id -> missingSince.putIfAbsent(id, now));
          long confirmAfter = CONFIRM_SWEEPS * options.refreshMillis();
          return removeAll(records, record -> {
            Long since = missingSince.get(Records.instanceOf(record));
            return since != null && now - since >= confirmAfter;
          }, "its lease expired");
        }))
        .timeout(3 * options.refreshMillis(), TimeUnit.MILLISECONDS)
        .onComplete(ar -> {
          sweeping = false;
          if (ar.failed()) {
            LOG.debug("Lease sweep failed: {}", ar.cause().toString());
          }
        });
  }

  private boolean recentDeparture() {
    return System.currentTimeMillis() - lastDeparture < options.leaseMillis();
  }

  private Future<Set<String>> leaseHolders() {
    return vertx.sharedData().<String, String>getAsyncMap(DiscoveryServiceRegistry.LEASES)
        .compose(AsyncMap::keys)
        .map(HashSet::new);
  }

  private void removeWhere(Predicate<Record> doomed, String reason) {
    discovery.getRecords(record -> true, true)
        .compose(records -> removeAll(records, doomed, reason))
        .onFailure(err -> LOG.warn("Could not remove records ({}): {}", reason, err.toString()));
  }

  private Future<Void> removeAll(List<Record> records, Predicate<Record> doomed, String reason) {
    List<Future<Void>> removals = records.stream()
        .filter(doomed)
        .map(record -> {
          LOG.info("Removing {} record {} at {}: {}", record.getName(), record.getRegistration(),
              record.getLocation(), reason);
          // Another survivor may have removed it first: that is the same outcome.
          return discovery.unpublish(record.getRegistration()).recover(err -> Future.<Void>succeededFuture());
        })
        .toList();
    return Future.join(removals).mapEmpty();
  }

  /** Departures this node left to the majority because it had none itself. */
  int leftToTheMajority() {
    return leftToTheMajority.get();
  }

  void close() {
    closed = true;
    vertx.cancelTimer(timerId);
  }
}

package dev.vxplatform.shared.discovery;

import dev.vxplatform.shared.cluster.ClusterMembership;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the records of dead publishers, which vertx-service-discovery never does by itself.
 *
 * <p>Two triggers, both run by every surviving node (removal is idempotent): a member leaving the Hazelcast
 * cluster (crash or partition) removes every record carrying its node id at once; and a periodic sweep removes
 * records whose publisher's lease expired, which also covers a JVM that hangs but keeps its sockets open.
 */
final class RecordJanitor {

  private static final Logger LOG = LoggerFactory.getLogger(RecordJanitor.class);

  private final Vertx vertx;
  private final ServiceDiscovery discovery;
  private final long timerId;
  private boolean sweeping;
  private volatile boolean closed;

  RecordJanitor(Vertx vertx, ServiceDiscovery discovery, ClusterMembership membership, long sweepMillis) {
    this.vertx = vertx;
    this.discovery = discovery;
    membership.onMemberRemoved(nodeId -> {
      if (!closed) {
        removeWhere(record -> nodeId.equals(Records.nodeOf(record)), "its member " + nodeId + " left");
      }
    });
    this.timerId = vertx.setPeriodic(sweepMillis, id -> sweepExpiredLeases());
  }

  private void sweepExpiredLeases() {
    if (sweeping || closed) {
      return;
    }
    sweeping = true;
    // Records first, leases second: a lease is written before its record, so a record seen here whose lease
    // is missing afterwards really expired.
    discovery.getRecords(record -> Records.instanceOf(record) != null, true)
        .compose(records -> leaseHolders().compose(live -> removeAll(records,
            record -> !live.contains(Records.instanceOf(record)), "its lease expired")))
        .onComplete(ar -> {
          sweeping = false;
          if (ar.failed()) {
            LOG.debug("Lease sweep failed: {}", ar.cause().toString());
          }
        });
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

  void close() {
    closed = true;
    vertx.cancelTimer(timerId);
  }
}

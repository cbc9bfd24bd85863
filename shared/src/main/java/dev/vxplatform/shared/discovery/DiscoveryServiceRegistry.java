package dev.vxplatform.shared.discovery;

import dev.vxplatform.shared.cluster.ClusterMembership;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import io.vertx.servicediscovery.ServiceDiscoveryOptions;
import io.vertx.servicediscovery.impl.DefaultServiceDiscoveryBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ServiceRegistry} over vertx-service-discovery's cluster-wide backend (a Hazelcast map).
 *
 * <p>Every {@code refreshMillis} it renews its lease (a TTL entry in a cluster map) and checks that each of its
 * records is still there under its current node id; a record removed while this JVM was paused is published
 * again. The lease is always written before a record, so a record without a lease means a dead publisher.
 */
final class DiscoveryServiceRegistry implements ServiceRegistry {

  static final String LEASES = "platform.discovery.leases";
  private static final int PUBLISH_ATTEMPTS = 4;
  private static final long RETRY_DELAY_MILLIS = 250;
  private static final Logger LOG = LoggerFactory.getLogger(DiscoveryServiceRegistry.class);

  private final Vertx vertx;
  private final RegistryOptions options;
  private final ServiceDiscovery discovery;
  private final ClusterMembership membership;
  private final String instanceId = UUID.randomUUID().toString();
  private final List<Published> published = new CopyOnWriteArrayList<>();
  private final SnapshotInstanceView view;
  private final RecordJanitor janitor;
  private final long timerId;
  private volatile long leaseRenewedAt;
  private boolean refreshing;
  private volatile boolean paused;
  private boolean closed;

  /** What we asked to publish, and the registration it currently has. */
  private static final class Published {
    final Record wanted;
    volatile Record current;

    Published(Record wanted) {
      this.wanted = wanted;
    }
  }

  DiscoveryServiceRegistry(Vertx vertx, RegistryOptions options) {
    this.vertx = vertx;
    this.options = options;
    this.discovery = ServiceDiscovery.create(vertx, discoveryOptions());
    this.membership = ClusterMembership.of(vertx);
    this.view = new SnapshotInstanceView(vertx, discovery, membership, options.refreshMillis());
    this.janitor = new RecordJanitor(vertx, discovery, membership, options);
    this.timerId = vertx.setPeriodic(options.refreshMillis(), id -> refresh());
  }

  @Override
  public Future<ServiceInstance> publishHttpEndpoint(String service, String host, int port, JsonObject metadata) {
    return publish(Records.http(service, host, port, metadata.copy()));
  }

  @Override
  public Future<ServiceInstance> publishEventBusService(String service, String address, JsonObject metadata) {
    return publish(Records.eventBus(service, address, metadata.copy()));
  }

  private Future<ServiceInstance> publish(Record wanted) {
    Published entry = new Published(wanted);
    published.add(entry);
    return publishWithRetry(entry, PUBLISH_ATTEMPTS).map(Records::toInstance);
  }

  /**
   * A write whose backup was not acknowledged in time fails (fail-on-indeterminate-state) although it may have
   * landed; so a retry first adopts a record of ours that did land, rather than publishing a duplicate.
   */
  private Future<Record> publishWithRetry(Published entry, int attemptsLeft) {
    return renewLease()
        .compose(v -> adoptOrPublish(entry))
        .recover(err -> {
          if (attemptsLeft <= 1 || closed) {
            return Future.failedFuture(err);
          }
          LOG.warn("Publishing {} failed ({}); retrying", entry.wanted.getName(), err.toString());
          Promise<Void> pause = Promise.promise();
          vertx.setTimer(RETRY_DELAY_MILLIS, id -> pause.complete());
          return pause.future().compose(v -> publishWithRetry(entry, attemptsLeft - 1));
        });
  }

  private Future<Record> adoptOrPublish(Published entry) {
    return discovery.getRecord(record -> instanceId.equals(Records.instanceOf(record))
            && membership.nodeId().equals(Records.nodeOf(record))
            && entry.wanted.getName().equals(record.getName())
            && entry.wanted.getLocation().equals(record.getLocation()), true)
        .compose(existing -> {
          if (existing == null) {
            return publish(entry);
          }
          entry.current = existing;
          return Future.succeededFuture(existing);
        });
  }

  private Future<Record> publish(Published entry) {
    Record record = new Record(entry.wanted.toJson()).setRegistration(null);
    record.getMetadata()
        .put(Records.NODE, membership.nodeId())
        .put(Records.INSTANCE, instanceId)
        .put(Records.VERSION, options.version());
    return discovery.publish(record).onSuccess(done -> {
      entry.current = done;
      LOG.info("Published {} {} as {}", done.getName(), done.getLocation(), done.getRegistration());
    });
  }

  private Future<Void> renewLease() {
    return leases()
        .compose(map -> map.put(instanceId, membership.nodeId(), options.leaseMillis()))
        .onSuccess(v -> leaseRenewedAt = System.currentTimeMillis());
  }

  private void refresh() {
    if (refreshing || closed || paused) {
      return; // a renewal still waits on a hung member: do not pile up more
    }
    refreshing = true;
    renewLease()
        .compose(v -> Future.join(published.stream().map(this::republishIfGone).toList()))
        // An operation stuck on a hung member's partition must not stop every later renewal.
        .timeout(3 * options.refreshMillis(), TimeUnit.MILLISECONDS)
        .onComplete(ar -> {
          refreshing = false;
          if (ar.failed()) {
            LOG.debug("Lease refresh failed: {}", ar.cause().toString());
          }
        });
  }

  private Future<Void> republishIfGone(Published entry) {
    Record current = entry.current;
    if (current == null) {
      return Future.succeededFuture();
    }
    return discovery.getRecord(current.getRegistration())
        .recover(err -> Future.succeededFuture(null))
        .compose(found -> {
          if (found != null && membership.nodeId().equals(Records.nodeOf(found)) || closed) {
            return Future.succeededFuture();
          }
          LOG.warn("Record {} of {} was removed while this node was alive; publishing it again",
              current.getRegistration(), current.getName());
          Future<Void> dropStale = found == null ? Future.succeededFuture()
              : discovery.unpublish(found.getRegistration()).recover(err -> Future.succeededFuture());
          return dropStale.compose(v -> adoptOrPublish(entry)).mapEmpty();
        });
  }

  /** For tests: behave like a hung JVM (no lease renewal, no self-check) without stopping the process. */
  void pauseRefresh(boolean paused) {
    this.paused = paused;
  }

  /**
   * The cluster-wide map backend, by name: unnamed, vertx-service-discovery takes the first backend it finds on the
   * classpath, so a stray one (a Redis backend pulled in by a dependency) would silently replace it.
   */
  static ServiceDiscoveryOptions discoveryOptions() {
    return new ServiceDiscoveryOptions().setBackendConfiguration(
        new JsonObject().put("backend-name", DefaultServiceDiscoveryBackend.class.getName()));
  }

  private Future<AsyncMap<String, String>> leases() {
    return vertx.sharedData().getAsyncMap(LEASES);
  }

  @Override
  public boolean isPublished() {
    // Not ready well before the survivors reap us: three missed renewals, or the lease itself if shorter.
    long staleAfter = Math.min(options.leaseMillis(), 3 * options.refreshMillis());
    boolean leaseFresh = System.currentTimeMillis() - leaseRenewedAt < staleAfter;
    boolean clusterOk = !membership.isClustered() || membership.isActive();
    return !closed && clusterOk && leaseFresh && !published.isEmpty()
        && published.stream().allMatch(entry -> entry.current != null);
  }

  @Override
  public InstanceView view() {
    return view;
  }

  @Override
  public Future<Void> close() {
    if (closed) {
      return Future.succeededFuture();
    }
    closed = true;
    vertx.cancelTimer(timerId);
    janitor.close();
    view.close();
    List<Future<Void>> removals = new ArrayList<>();
    for (Published entry : published) {
      if (entry.current != null) {
        removals.add(discovery.unpublish(entry.current.getRegistration()));
      }
    }
    return Future.join(removals)
        .transform(ar -> leases().compose(map -> map.remove(instanceId)))
        .transform(ar -> {
          discovery.close();
          LOG.info("Unpublished {} record(s) of instance {}", removals.size(), instanceId);
          return Future.<Void>succeededFuture();
        });
  }
}

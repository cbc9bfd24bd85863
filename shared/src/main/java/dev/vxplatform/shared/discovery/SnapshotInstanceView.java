package dev.vxplatform.shared.discovery;

import dev.vxplatform.shared.cluster.ClusterMembership;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import io.vertx.servicediscovery.Status;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link InstanceView} kept current four ways: discovery's announcements (a departure is instant, an arrival
 * triggers a re-read), a change of the records map anywhere in the cluster ({@link RecordChanges}: a re-read), a
 * member leaving the cluster (instant, before anyone has removed its records) or joining it (a re-read: a merge brings
 * back records no one announces), and a periodic re-read that catches anything missed. The periodic re-read scans the
 * whole map on every member it asks, so it runs every {@value #WATCHED_REFRESH_FACTOR} refresh intervals while the
 * map is watched, every interval when it is not (a Vert.x that is not clustered, a watch that failed).
 * Readers get an immutable snapshot through a volatile field; all writes happen under this object's lock.
 */
final class SnapshotInstanceView implements InstanceView {

  /** How long a removed registration may not come back through a re-read that started before its removal. */
  private static final long TOMBSTONE_MILLIS = 30_000;
  static final int WATCHED_REFRESH_FACTOR = 10;
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotInstanceView.class);

  private final Vertx vertx;
  private final ServiceDiscovery discovery;
  private final Map<String, ServiceInstance> byRegistration = new HashMap<>();
  private final Map<String, Tombstone> tombstones = new HashMap<>();
  private final ClusterMembership membership;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final MessageConsumer<JsonObject> announcements;
  private final long refreshMillis;
  private volatile long timerId;
  /** What stops watching the records map; null while it is not watched. */
  private volatile Runnable unwatch;
  private volatile Map<String, List<ServiceInstance>> snapshot = Map.of();
  private boolean reading;
  private boolean readAgain;
  private volatile boolean closed;

  SnapshotInstanceView(Vertx vertx, ServiceDiscovery discovery, ClusterMembership membership, long refreshMillis) {
    this.vertx = vertx;
    this.discovery = discovery;
    this.membership = membership;
    this.announcements = vertx.eventBus().consumer(discovery.options().getAnnounceAddress(),
        message -> onAnnouncement(new Record(message.body())));
    membership.onMemberRemoved(this::dropNode);
    membership.onMemberAdded(nodeId -> reread());
    this.refreshMillis = refreshMillis;
    if (membership.isClustered()) {
      RecordChanges.watch(vertx, membership, this::reread).onComplete(watch -> {
        if (watch.failed()) {
          LOG.warn("Not watching the discovery records ({}): re-reading them every {} ms", watch.cause().toString(),
              refreshMillis);
        } else if (closed) {
          watch.result().run();
        } else {
          unwatch = watch.result();
        }
      });
    }
    scheduleReread();
    reread();
  }

  private void scheduleReread() {
    if (!closed) {
      timerId = vertx.setTimer(unwatch != null ? WATCHED_REFRESH_FACTOR * refreshMillis : refreshMillis, id -> {
        reread();
        scheduleReread();
      });
    }
  }

  @Override
  public List<ServiceInstance> instances(String service) {
    return snapshot.getOrDefault(service, List.of());
  }

  @Override
  public List<ServiceInstance> httpEndpoints(String service) {
    return instances(service).stream().filter(ServiceInstance::isHttp).toList();
  }

  @Override
  public Map<String, List<ServiceInstance>> all() {
    return snapshot;
  }

  @Override
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  /**
   * Announcements carry no registration id, so an arrival triggers a re-read (which has it), while a departure
   * removes every registration of the same publisher and endpoint at once.
   */
  private void onAnnouncement(Record record) {
    ServiceInstance announced = Records.toInstance(record.setRegistration("announced"));
    if (announced == null) {
      return;
    }
    if (record.getStatus() == Status.UP) {
      reread();
    } else {
      removeWhere(instance -> sameEndpoint(instance, announced));
    }
  }

  private static boolean sameEndpoint(ServiceInstance a, ServiceInstance b) {
    return Objects.equals(a.instanceId(), b.instanceId()) && a.service().equals(b.service())
        && a.type().equals(b.type()) && Objects.equals(a.host(), b.host()) && a.port() == b.port()
        && Objects.equals(a.address(), b.address());
  }

  private void dropNode(String nodeId) {
    removeWhere(instance -> nodeId.equals(instance.nodeId()), nodeId);
  }

  private void removeWhere(Predicate<ServiceInstance> doomed) {
    removeWhere(doomed, null);
  }

  /** @param departedNode the member whose departure this is, or null for an announced removal */
  private synchronized void removeWhere(Predicate<ServiceInstance> doomed, String departedNode) {
    long now = System.currentTimeMillis();
    byRegistration.values().stream()
        .filter(doomed)
        .map(ServiceInstance::registration)
        .toList()
        .forEach(registration -> {
          byRegistration.remove(registration);
          tombstones.put(registration, new Tombstone(now, departedNode));
        });
    publishSnapshot();
  }

  /**
   * A registration removed from the view, kept out of re-reads that may have started before its removal. One removed
   * because its member left is let back in once that member is in the cluster again: a member that looked gone to
   * this side of a network partition is back after the heal, its records untouched in the map.
   */
  record Tombstone(long removedAt, String departedNode) {
    boolean keepsOut(long now, Set<String> members) {
      return now - removedAt <= TOMBSTONE_MILLIS && (departedNode == null || !members.contains(departedNode));
    }
  }

  private synchronized void reread() {
    if (closed) {
      return;
    }
    if (reading) {
      readAgain = true; // the running read may predate what triggered this one
      return;
    }
    reading = true;
    discovery.getRecords(record -> true, false)
        // A read stuck on a hung member's partition must not freeze the view: give up and read again.
        .timeout(3 * refreshMillis, TimeUnit.MILLISECONDS)
        .onComplete(ar -> {
          if (ar.succeeded()) {
            replaceAll(ar.result());
          }
          boolean again;
          synchronized (this) {
            reading = false;
            again = readAgain;
            readAgain = false;
          }
          if (again) {
            reread();
          }
        });
  }

  private synchronized void replaceAll(Collection<Record> records) {
    long now = System.currentTimeMillis();
    Set<String> members = membership.memberIds();
    tombstones.values().removeIf(tombstone -> !tombstone.keepsOut(now, members));
    byRegistration.clear();
    records.stream()
        .map(Records::toInstance)
        .filter(Objects::nonNull)
        .filter(instance -> !tombstones.containsKey(instance.registration()))
        .forEach(instance -> byRegistration.put(instance.registration(), instance));
    publishSnapshot();
  }

  private void publishSnapshot() {
    Map<String, List<ServiceInstance>> next = byRegistration.values().stream()
        .sorted((a, b) -> a.registration().compareTo(b.registration()))
        .collect(Collectors.groupingBy(ServiceInstance::service, LinkedHashMap::new,
            Collectors.toUnmodifiableList()));
    if (!next.equals(snapshot)) {
      snapshot = Map.copyOf(next);
      listeners.forEach(Runnable::run);
    }
  }

  void close() {
    closed = true;
    vertx.cancelTimer(timerId);
    announcements.unregister();
    Runnable stopWatching = unwatch;
    if (stopWatching != null) {
      stopWatching.run();
    }
  }
}

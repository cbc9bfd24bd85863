package dev.vxplatform.shared.discovery;

import static dev.vxplatform.shared.testing.TestCluster.await;
import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.testing.TestCluster;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Self-healing discovery on a real loopback Hazelcast cluster: two stable nodes plus one joiner per test. */
class ServiceRegistryIT {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceRegistryIT.class);
  private static final Duration DETECTION = Duration.ofSeconds(5);
  private static TestCluster cluster;
  private static ServiceRegistry observer;

  /** Publishes one HTTP endpoint from start(); stop() closes the registry, as every service does. */
  static final class PublishingVerticle extends VerticleBase {
    final String service;
    final Promise<ServiceRegistry> registry = Promise.promise();

    PublishingVerticle(String service) {
      this.service = service;
    }

    @Override
    public Future<?> start() {
      ServiceRegistry created = ServiceRegistry.create(vertx, RegistryOptions.defaults());
      return created.publishHttpEndpoint(service, "127.0.0.1", 9, new JsonObject())
          .onSuccess(instance -> registry.complete(created));
    }

    @Override
    public Future<?> stop() {
      return registry.future().compose(ServiceRegistry::close);
    }
  }

  @BeforeAll
  static void startCluster() {
    cluster = TestCluster.start(2);
    observer = onContext(cluster.node(1), () -> ServiceRegistry.create(cluster.node(1), RegistryOptions.defaults()));
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Test
  void recordPublishedOnOneNodeIsVisibleFromAnother() {
    Vertx joiner = cluster.join(false);
    String service = uniqueService();
    ServiceRegistry registry = deployPublisher(joiner, service);

    waitUntil("the observer sees the record", Duration.ofSeconds(3),
        () -> observer.view().httpEndpoints(service).size() == 1);
    ServiceInstance seen = observer.view().httpEndpoints(service).get(0);
    assertThat(seen.nodeId()).isEqualTo(ClusterMembership.of(joiner).nodeId());
    assertThat(seen.port()).isEqualTo(9);
    assertThat(registry.isPublished()).isTrue();
    cluster.closeNode(joiner);
  }

  @Test
  void gracefulCloseRemovesRecordsWithinOneSecond() {
    Vertx joiner = cluster.join(false);
    String service = uniqueService();
    deployPublisher(joiner, service);
    waitUntil("visible", Duration.ofSeconds(3), () -> !observer.view().instances(service).isEmpty());

    Future<Void> closing = joiner.close();
    Duration gone = waitUntil("the record is gone after a graceful close", Duration.ofSeconds(1),
        () -> observer.view().instances(service).isEmpty());
    LOG.info("graceful close: record gone from the view after {} ms", gone.toMillis());
    assertThat(recordsInDiscovery(service)).isEmpty();
    await(closing);
  }

  @Test
  void crashedMemberLosesItsRecordsWithinDetectionPlusTwoSeconds() {
    Vertx joiner = cluster.join(false);
    String service = uniqueService();
    deployPublisher(joiner, service);
    waitUntil("visible", Duration.ofSeconds(3), () -> !observer.view().instances(service).isEmpty());

    long crashedAt = System.nanoTime();
    cluster.crash(joiner);
    Duration bound = DETECTION.plusSeconds(2);
    waitUntil("the crashed member's record leaves the view", bound,
        () -> observer.view().instances(service).isEmpty());
    waitUntil("the crashed member's record leaves the cluster map", bound.minusNanos(System.nanoTime() - crashedAt),
        () -> recordsInDiscovery(service).isEmpty());
    LOG.info("crash: records removed {} ms after the crash", (System.nanoTime() - crashedAt) / 1_000_000);
  }

  @Test
  void expiredLeaseRemovesRecordsAndResumingPublishesThemAgain() {
    Vertx joiner = cluster.join(false);
    String service = uniqueService();
    DiscoveryServiceRegistry registry = (DiscoveryServiceRegistry) deployPublisher(joiner, service);
    waitUntil("visible", Duration.ofSeconds(3), () -> !observer.view().instances(service).isEmpty());
    String firstRegistration = observer.view().instances(service).get(0).registration();

    registry.pauseRefresh(true);
    Duration lease = Duration.ofMillis(RegistryOptions.DEFAULT_LEASE_MILLIS);
    // Removed once the lease has been missing for two sweep intervals: within lease + 4 s.
    Duration gone = waitUntil("records of a silent publisher expire", lease.plusSeconds(4),
        () -> observer.view().instances(service).isEmpty() && recordsInDiscovery(service).isEmpty());
    LOG.info("lease: records removed {} ms after the publisher went silent", gone.toMillis());
    assertThat(ClusterMembership.of(cluster.node(0)).memberIds())
        .contains(ClusterMembership.of(joiner).nodeId());
    assertThat(registry.isPublished()).isFalse();

    registry.pauseRefresh(false);
    waitUntil("the publisher publishes again when it resumes", Duration.ofSeconds(3),
        () -> observer.view().instances(service).size() == 1);
    assertThat(observer.view().instances(service).get(0).registration()).isNotEqualTo(firstRegistration);
    waitUntil("ready again", Duration.ofSeconds(2), registry::isPublished);
    cluster.closeNode(joiner);
  }

  @Test
  void recordChangedWithoutAnnouncementReachesTheViewThroughTheMapWatch() {
    String service = uniqueService();
    // The same records map, but announcements go where no view listens: only the watch of the map can tell.
    ServiceDiscovery silent = ServiceDiscovery.create(cluster.node(0),
        DiscoveryServiceRegistry.discoveryOptions().setAnnounceAddress("nobody-listens-" + service));
    try {
      Record record = Records.http(service, "127.0.0.1", 9, new JsonObject()
          .put(Records.NODE, ClusterMembership.of(cluster.node(0)).nodeId()));
      Record published = await(silent.publish(record));
      // Well inside the periodic re-read's interval while the map is watched (10 s).
      Duration seen = waitUntil("the observer sees the unannounced record", Duration.ofSeconds(2),
          () -> observer.view().instances(service).size() == 1);
      await(silent.unpublish(published.getRegistration()));
      Duration gone = waitUntil("the observer sees its unannounced removal", Duration.ofSeconds(2),
          () -> observer.view().instances(service).isEmpty());
      LOG.info("unannounced record seen after {} ms, its removal after {} ms", seen.toMillis(), gone.toMillis());
    } finally {
      silent.close();
    }
  }

  private static ServiceRegistry deployPublisher(Vertx node, String service) {
    PublishingVerticle verticle = new PublishingVerticle(service);
    await(node.deployVerticle(verticle));
    return await(verticle.registry.future());
  }

  /** Reads the cluster-wide map itself, not a view, from a stable node. */
  private static List<Record> recordsInDiscovery(String service) {
    ServiceDiscovery discovery = ServiceDiscovery.create(cluster.node(0), DiscoveryServiceRegistry.discoveryOptions());
    try {
      return await(discovery.getRecords(record -> service.equals(record.getName()), true));
    } finally {
      discovery.close();
    }
  }

  private static String uniqueService() {
    return "svc-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static <T> T onContext(Vertx vertx, java.util.function.Supplier<T> supplier) {
    Promise<T> promise = Promise.promise();
    vertx.runOnContext(v -> promise.complete(supplier.get()));
    return await(promise.future());
  }
}

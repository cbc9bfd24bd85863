package dev.vxplatform.shared.discovery;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * This node's handle on cluster-wide service discovery: publish its own instances, and read everyone's.
 *
 * <p>It heals itself: records of a member that leaves or crashes are removed by the survivors, records whose
 * publisher stopped refreshing its lease are removed, and a publisher that finds its record gone (it was
 * paused, or partitioned away) publishes it again. Services depend on this interface only, so the backing
 * vertx-service-discovery (deprecated in Vert.x 5) can be swapped without touching them.
 */
public interface ServiceRegistry {

  /** Create it in a verticle's {@code start()}: its timers and consumers belong to that verticle's context. */
  static ServiceRegistry create(Vertx vertx, RegistryOptions options) {
    return new DiscoveryServiceRegistry(vertx, options);
  }

  /** Publish an HTTP endpoint; call it only once the server listens. */
  Future<ServiceInstance> publishHttpEndpoint(String service, String host, int port, JsonObject metadata);

  /** Publish an event-bus request-reply service; call it only once its consumer is registered. */
  Future<ServiceInstance> publishEventBusService(String service, String address, JsonObject metadata);

  /** True while every instance of ours is published and our lease is fresh: the readiness check. */
  boolean isPublished();

  /** Everyone's instances, non-blocking. */
  InstanceView view();

  /** Unpublish ours first, then stop refreshing. Safe to call twice. */
  Future<Void> close();
}

package dev.vxplatform.shared.web;

import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.cluster.PartitionSafety;
import dev.vxplatform.shared.discovery.ServiceRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;

/**
 * {@code GET /health/live} (the process answers) and {@code GET /health/ready} (this node is a running member of
 * the cluster and its records are published with a fresh lease). Both answer JSON with the checks; ready
 * answers 503 until it is true, so load balancers and launchers wait on it. The cluster check's data tells the
 * member count and whether the data is redundant ({@code safe}, see {@link PartitionSafety}): informative, it
 * never makes a node unready, but rolling operations wait for it before touching the next node.
 */
public final class Health {

  private Health() {
  }

  public static void mount(Router router, Vertx vertx, ServiceRegistry registry) {
    ClusterMembership membership = ClusterMembership.of(vertx);
    PartitionSafety safety = PartitionSafety.of(vertx);
    HealthChecks live = HealthChecks.create(vertx)
        .register("event-loop", promise -> promise.complete(Status.OK()));
    HealthChecks ready = HealthChecks.create(vertx)
        .register("cluster", promise -> promise.complete(membership.isActive()
            ? Status.OK(safety.snapshot().put("members", membership.memberIds().size()))
            : Status.KO(new JsonObject().put("reason", membership.isClustered()
                ? "not a running cluster member" : "not clustered"))))
        .register("discovery", promise -> promise.complete(registry.isPublished() ? Status.OK()
            : Status.KO(new JsonObject().put("reason", "records not published"))));
    router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(live));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(ready));
  }
}

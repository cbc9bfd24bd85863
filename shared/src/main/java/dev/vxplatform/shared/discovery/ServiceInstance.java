package dev.vxplatform.shared.discovery;

import io.vertx.core.json.JsonObject;

/**
 * One published instance of a service, as callers see it.
 *
 * @param service      the service name ({@code inventory-service})
 * @param registration the discovery registration id of this record
 * @param instanceId   the publishing registry's id (one per service process, survives re-publication)
 * @param nodeId       the Vert.x/Hazelcast node id of the publishing JVM
 * @param type         {@link #HTTP} or {@link #EVENT_BUS}
 * @param host         HTTP host, {@code null} for an event-bus service
 * @param port         HTTP port, 0 for an event-bus service
 * @param address      event-bus address, {@code null} for an HTTP endpoint
 * @param metadata     everything the publisher added (version, routes, ...)
 */
public record ServiceInstance(
    String service,
    String registration,
    String instanceId,
    String nodeId,
    String type,
    String host,
    int port,
    String address,
    JsonObject metadata) {

  public static final String HTTP = "http-endpoint";
  public static final String EVENT_BUS = "eventbus-service-proxy";

  public boolean isHttp() {
    return HTTP.equals(type);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("service", service)
        .put("id", registration)
        .put("instance", instanceId)
        .put("node", nodeId)
        .put("type", type);
    if (isHttp()) {
      json.put("host", host).put("port", port);
    } else {
      json.put("address", address);
    }
    return json;
  }
}

package dev.vxplatform.shared.discovery;

import io.vertx.core.json.JsonObject;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.types.HttpEndpoint;

/** Translation between vertx-service-discovery records and {@link ServiceInstance}: the only place that knows both. */
final class Records {

  static final String NODE = "node";
  static final String INSTANCE = "instance";
  static final String VERSION = "version";

  private Records() {
  }

  static Record http(String service, String host, int port, JsonObject metadata) {
    return HttpEndpoint.createRecord(service, host, port, "/", metadata);
  }

  static Record eventBus(String service, String address, JsonObject metadata) {
    return new Record()
        .setName(service)
        .setType(ServiceInstance.EVENT_BUS)
        .setLocation(new JsonObject().put(Record.ENDPOINT, address))
        .setMetadata(metadata);
  }

  static String nodeOf(Record record) {
    return record.getMetadata() == null ? null : record.getMetadata().getString(NODE);
  }

  static String instanceOf(Record record) {
    return record.getMetadata() == null ? null : record.getMetadata().getString(INSTANCE);
  }

  /** {@code null} for records that were not published through a {@link ServiceRegistry}. */
  static ServiceInstance toInstance(Record record) {
    JsonObject meta = record.getMetadata();
    if (record.getRegistration() == null || meta == null || meta.getString(NODE) == null) {
      return null;
    }
    JsonObject location = record.getLocation() == null ? new JsonObject() : record.getLocation();
    boolean http = ServiceInstance.HTTP.equals(record.getType());
    return new ServiceInstance(
        record.getName(),
        record.getRegistration(),
        meta.getString(INSTANCE),
        meta.getString(NODE),
        record.getType(),
        http ? location.getString("host") : null,
        http ? location.getInteger("port", 0) : 0,
        http ? null : location.getString(Record.ENDPOINT),
        meta.copy());
  }
}

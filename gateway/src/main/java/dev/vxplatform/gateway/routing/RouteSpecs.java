package dev.vxplatform.gateway.routing;

import dev.vxplatform.shared.discovery.ServiceInstance;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads route tables: from configuration (a JSON array, or {@code prefix=service[:strategy],...}) and from the
 * {@value #METADATA_KEY} entry of discovery records (a JSON array of path prefixes).
 */
public final class RouteSpecs {

  /** Metadata key a service publishes its route prefixes under, e.g. {@code ["/api/payments"]}. */
  public static final String METADATA_KEY = "routes";
  /** Used when {@code GATEWAY_ROUTES} is not set. */
  public static final String DEFAULT_ROUTES = "/api/orders=order-service,"
      + "/api/products=inventory-service,/api/stock=inventory-service,/api/inventory=inventory-service,"
      + "/api/reservations=inventory-service";
  private static final Logger LOG = LoggerFactory.getLogger(RouteSpecs.class);

  private RouteSpecs() {
  }

  /**
   * @param routes null (the defaults), a {@link JsonArray} of route objects or {@code "prefix=service"} strings,
   *               or a string holding either a JSON array or the simple syntax
   * @throws IllegalArgumentException naming the bad entry; the gateway refuses to start with it
   */
  public static List<RouteSpec> parse(Object routes, RouteDefaults defaults) {
    Object source = routes == null ? DEFAULT_ROUTES : routes;
    if (source instanceof String text) {
      String trimmed = text.trim();
      if (trimmed.startsWith("[")) {
        try {
          source = new JsonArray(trimmed);
        } catch (DecodeException e) {
          throw new IllegalArgumentException("GATEWAY_ROUTES is not a valid JSON array: " + e.getMessage());
        }
      } else {
        source = new JsonArray(List.of(trimmed.isEmpty() ? new String[0] : trimmed.split(",")));
      }
    }
    if (!(source instanceof JsonArray array)) {
      throw new IllegalArgumentException("routes must be a JSON array or a 'prefix=service,...' string");
    }
    List<RouteSpec> specs = new ArrayList<>();
    for (Object entry : array) {
      specs.add(entry instanceof JsonObject json ? fromJson(json, defaults) : fromSimple(String.valueOf(entry),
          defaults));
    }
    return specs;
  }

  private static RouteSpec fromJson(JsonObject json, RouteDefaults defaults) {
    return defaults.spec(json.getString("prefix"), json.getString("service"), json);
  }

  /** {@code /api/orders=order-service} or {@code /api/orders=order-service:round-robin}. */
  private static RouteSpec fromSimple(String entry, RouteDefaults defaults) {
    String[] parts = entry.trim().split("=", 2);
    if (parts.length != 2) {
      throw new IllegalArgumentException("route '" + entry.trim() + "' is not of the form prefix=service");
    }
    String[] target = parts[1].trim().split(":", 2);
    JsonObject overrides = target.length == 2 ? new JsonObject().put("strategy", target[1]) : new JsonObject();
    return defaults.spec(parts[0].trim(), target[0].trim(), overrides);
  }

  /** The routes an instance announces; malformed entries are skipped with a warning, never fatal. */
  public static List<RouteSpec> fromMetadata(ServiceInstance instance, RouteDefaults defaults) {
    Object value = instance.metadata() == null ? null : instance.metadata().getValue(METADATA_KEY);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray prefixes)) {
      LOG.warn("Ignoring metadata routes of {} {}: not a JSON array", instance.service(), instance.registration());
      return List.of();
    }
    List<RouteSpec> specs = new ArrayList<>();
    for (Object prefix : prefixes) {
      try {
        specs.add(defaults.spec(String.valueOf(prefix), instance.service(), new JsonObject()));
      } catch (IllegalArgumentException e) {
        LOG.warn("Ignoring metadata route {} of {}: {}", prefix, instance.service(), e.getMessage());
      }
    }
    return specs;
  }
}

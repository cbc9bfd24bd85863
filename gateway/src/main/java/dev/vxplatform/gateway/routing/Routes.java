package dev.vxplatform.gateway.routing;

import dev.vxplatform.shared.discovery.ServiceInstance;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The route table in force: configured routes plus those announced in discovery metadata (a configured prefix
 * wins over an announced one), longest prefix first. Rebuilt on every discovery change; matching reads a
 * volatile immutable list and never blocks.
 */
public final class Routes {

  private final List<RouteSpec> configured;
  private final RouteDefaults defaults;
  private final Map<RouteSpec, Route> inForce = new HashMap<>();
  private volatile List<Route> table = List.of();

  public Routes(List<RouteSpec> configured, RouteDefaults defaults) {
    this.configured = List.copyOf(configured);
    this.defaults = defaults;
    refresh(Map.of());
  }

  /** The route for {@code path}, or null when none matches. */
  public Route match(String path) {
    for (Route route : table) { // a handful of routes: a scan beats a trie
      if (route.spec().matches(path)) {
        return route;
      }
    }
    return null;
  }

  public List<Route> all() {
    return table;
  }

  /** Call with the view's snapshot on every change. */
  public synchronized void refresh(Map<String, List<ServiceInstance>> instances) {
    Map<String, Route> byPrefix = new LinkedHashMap<>();
    for (RouteSpec spec : configured) {
      byPrefix.put(spec.prefix(), route(spec, "config"));
    }
    // Sorted, so that when two services announce one prefix the same one wins on every rebuild.
    instances.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .flatMap(entry -> entry.getValue().stream())
        .filter(ServiceInstance::isHttp)
        .flatMap(instance -> RouteSpecs.fromMetadata(instance, defaults).stream())
        .forEach(spec -> byPrefix.putIfAbsent(spec.prefix(), route(spec, "discovery")));
    List<Route> next = new ArrayList<>(byPrefix.values());
    next.sort(Comparator.comparingInt((Route route) -> route.prefix().length()).reversed());
    inForce.values().retainAll(next);
    table = List.copyOf(next);
  }

  private Route route(RouteSpec spec, String origin) {
    Route existing = inForce.get(spec);
    if (existing != null && existing.origin().equals(origin)) {
      return existing;
    }
    Route route = new Route(spec, spec.strategy().newBalancer(), origin);
    inForce.put(spec, route);
    return route;
  }
}

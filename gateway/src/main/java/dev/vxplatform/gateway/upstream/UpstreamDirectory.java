package dev.vxplatform.gateway.upstream;

import dev.vxplatform.shared.discovery.ServiceInstance;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link Upstream}s of every service, rebuilt from the discovery snapshot whenever it changes. An instance
 * keeps its breaker and numbers across rebuilds as long as its registration stays; one whose record disappears
 * is gone from the next lookup, so it gets no new request. Reads are lock-free (a volatile immutable map).
 */
public final class UpstreamDirectory {

  /** Told about instances entering and leaving (metrics gauges follow them) and their breakers. */
  public interface Listener {
    void added(Upstream upstream);

    void removed(Upstream upstream);

    /** On the thread that changed it (any event loop). */
    default void breakerChanged(Upstream upstream, CircuitBreakerState state) {
    }

    /** Each listener told in turn. */
    static Listener all(List<Listener> listeners) {
      return new Listener() {
        @Override
        public void added(Upstream upstream) {
          listeners.forEach(listener -> listener.added(upstream));
        }

        @Override
        public void removed(Upstream upstream) {
          listeners.forEach(listener -> listener.removed(upstream));
        }

        @Override
        public void breakerChanged(Upstream upstream, CircuitBreakerState state) {
          listeners.forEach(listener -> listener.breakerChanged(upstream, state));
        }
      };
    }
  }

  private final Vertx vertx;
  private final UpstreamOptions options;
  private final Listener listener;
  private volatile Map<String, List<Upstream>> byService = Map.of();
  private volatile List<Upstream> all = List.of();

  public UpstreamDirectory(Vertx vertx, UpstreamOptions options, Listener listener) {
    this.vertx = vertx;
    this.options = options;
    this.listener = listener;
  }

  /** The instances of {@code service}, in registration order; never null. */
  public List<Upstream> upstreams(String service) {
    return byService.getOrDefault(service, List.of());
  }

  public List<Upstream> all() {
    return all;
  }

  /** Call with the view's snapshot on every change; keeps the state of registrations that are still there. */
  public synchronized void refresh(Map<String, List<ServiceInstance>> instances) {
    Map<String, Upstream> previous = new HashMap<>();
    Map<String, Upstream> previousByEndpoint = new HashMap<>();
    all.forEach(upstream -> {
      previous.put(upstream.instance().registration(), upstream);
      previousByEndpoint.put(upstream.endpointKey(), upstream);
    });
    Map<String, List<Upstream>> next = new LinkedHashMap<>();
    List<Upstream> added = new ArrayList<>();
    instances.forEach((service, list) -> list.stream()
        .filter(ServiceInstance::isHttp)
        .forEach(instance -> {
          Upstream upstream = previous.get(instance.registration());
          if (upstream != null && upstream.instance().equals(instance)) {
            previous.remove(instance.registration());
          } else {
            // New, or its record changed: a fresh breaker, but requests still in flight there keep counting.
            Upstream before = previousByEndpoint.get(instance.instanceId() + "@" + instance.host() + ":"
                + instance.port());
            upstream = new Upstream(vertx, instance, options,
                before == null ? new AtomicInteger() : before.inFlightCounter(), listener::breakerChanged);
            added.add(upstream);
          }
          next.computeIfAbsent(service, key -> new ArrayList<>()).add(upstream);
        }));
    next.replaceAll((service, list) -> List.copyOf(list));
    byService = Map.copyOf(next);
    all = next.values().stream().flatMap(List::stream).toList();
    previous.values().forEach(gone -> {
      listener.removed(gone);
      gone.close();
    });
    added.forEach(listener::added);
  }
}

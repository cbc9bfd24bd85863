package dev.vxplatform.gateway.proxy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Every adaptive concurrency limit of a gateway node: one per service on each event loop ({@link Loop}), so the
 * request path takes no lock and shares no counter between loops; read together, per service, by the admin endpoint
 * and the meters.
 */
public final class ConcurrencyLimits {

  /** A service's limits summed over the event loops: requests it may have in flight, has, and refused so far. */
  public record Totals(String service, int limit, int inFlight, long shed) {
  }

  private final LimitOptions options;
  private final List<ConcurrencyLimit> all = new CopyOnWriteArrayList<>();
  private final Set<String> services = ConcurrentHashMap.newKeySet();
  private volatile Consumer<String> onNewService = service -> { };

  public ConcurrencyLimits(LimitOptions options) {
    this.options = options;
  }

  public boolean enabled() {
    return options.enabled();
  }

  /** The limits of one event loop; use it on that loop only. */
  Loop forLoop() {
    return new Loop();
  }

  /** Called (on an event loop) with each service the first time a request to it is limited. */
  public void onNewService(Consumer<String> listener) {
    onNewService = listener;
  }

  /** One service's totals (all zero when it has no limit yet). */
  public Totals totals(String service) {
    Totals sum = new Totals(service, 0, 0, 0);
    for (ConcurrencyLimit limit : all) {
      if (limit.service().equals(service)) {
        sum = new Totals(service, sum.limit() + limit.limit(), sum.inFlight() + limit.inFlight(),
            sum.shed() + limit.shed());
      }
    }
    return sum;
  }

  /** Per service, sorted by name; empty when the limit is off or nothing was proxied yet. */
  public List<Totals> totals() {
    return new TreeSet<>(services).stream().map(this::totals).toList();
  }

  /** One event loop's limits by service. */
  final class Loop {

    private final Map<String, ConcurrencyLimit> byService = new HashMap<>();

    /** The service's limit on this loop, or null when limits are off. */
    ConcurrencyLimit of(String service) {
      if (!options.enabled()) {
        return null;
      }
      return byService.computeIfAbsent(service, name -> {
        ConcurrencyLimit limit = new ConcurrencyLimit(name, options);
        all.add(limit);
        if (services.add(name)) {
          onNewService.accept(name);
        }
        return limit;
      });
    }
  }
}

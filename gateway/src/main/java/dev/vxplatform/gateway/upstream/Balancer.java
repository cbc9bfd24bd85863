package dev.vxplatform.gateway.upstream;

import java.util.List;

/**
 * Picks the instance for one attempt. Implementations are thread-safe: one balancer per route is shared by every
 * event loop of the gateway.
 */
public interface Balancer {

  /**
   * @param candidates non-empty; only instances that may take a request now (breaker not open, not yet tried by
   *                   this request), in a stable order
   */
  Upstream pick(List<Upstream> candidates);
}

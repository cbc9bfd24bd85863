package dev.vxplatform.gateway.routing;

import dev.vxplatform.gateway.upstream.Balancer;

/**
 * A route in force: its specification, the balancer that keeps its state (round-robin position) across table
 * rebuilds, and where it came from.
 *
 * @param origin {@code config} or {@code discovery}
 */
public record Route(RouteSpec spec, Balancer balancer, String origin) {

  public String prefix() {
    return spec.prefix();
  }

  public String service() {
    return spec.service();
  }
}

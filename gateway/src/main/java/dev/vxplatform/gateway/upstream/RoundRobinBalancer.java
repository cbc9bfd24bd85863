package dev.vxplatform.gateway.upstream;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

final class RoundRobinBalancer implements Balancer {

  private final AtomicInteger next = new AtomicInteger();

  @Override
  public Upstream pick(List<Upstream> candidates) {
    return candidates.get(Math.floorMod(next.getAndIncrement(), candidates.size()));
  }
}

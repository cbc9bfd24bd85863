package dev.vxplatform.gateway.upstream;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Fewest requests in flight; the scan starts at a rotating index so that ties spread evenly. */
final class LeastOutstandingBalancer implements Balancer {

  private final AtomicInteger start = new AtomicInteger();

  @Override
  public Upstream pick(List<Upstream> candidates) {
    int size = candidates.size();
    int first = Math.floorMod(start.getAndIncrement(), size);
    Upstream best = null;
    for (int i = 0; i < size; i++) {
      Upstream candidate = candidates.get((first + i) % size);
      if (best == null || candidate.inFlight() < best.inFlight()) {
        best = candidate;
      }
    }
    return best;
  }
}

package dev.vxplatform.gateway.upstream;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Two distinct random candidates; the one with the lower {@link Upstream#cost(long)} (in flight × EWMA
 * latency) wins. Cheap (O(1)) and, unlike least-outstanding, it also steers away from an instance that is slow
 * without being busy, while the randomness keeps many gateways from stampeding the same "best" instance.
 */
final class PowerOfTwoChoicesBalancer implements Balancer {

  @Override
  public Upstream pick(List<Upstream> candidates) {
    int size = candidates.size();
    if (size == 1) {
      return candidates.get(0);
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int first = random.nextInt(size);
    int second = random.nextInt(size - 1);
    if (second >= first) {
      second++;
    }
    Upstream a = candidates.get(first);
    Upstream b = candidates.get(second);
    long now = System.nanoTime();
    return a.cost(now) <= b.cost(now) ? a : b;
  }
}

package dev.vxplatform.gateway.upstream;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

final class RandomBalancer implements Balancer {

  @Override
  public Upstream pick(List<Upstream> candidates) {
    return candidates.get(ThreadLocalRandom.current().nextInt(candidates.size()));
  }
}

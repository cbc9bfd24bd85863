package dev.vxplatform.gateway.proxy;

import dev.vxplatform.gateway.upstream.Upstream;

/** One try of one request on one instance; keeps the instance's in-flight count right whatever path ends it. */
final class Attempt {

  final Upstream upstream;
  private long startedAt;
  private boolean begun;
  private boolean ended;

  Attempt(Upstream upstream) {
    this.upstream = upstream;
  }

  void begin() {
    begun = true;
    startedAt = System.nanoTime();
    upstream.started();
  }

  long elapsedNanos() {
    return System.nanoTime() - startedAt;
  }

  void end() {
    if (begun && !ended) {
      ended = true;
      upstream.finished();
    }
  }
}

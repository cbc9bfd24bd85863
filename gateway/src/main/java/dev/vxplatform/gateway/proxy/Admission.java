package dev.vxplatform.gateway.proxy;

/**
 * One exchange's slot under its service's {@link ConcurrencyLimit}: taken before the first attempt, given back once
 * with what the whole exchange showed (its latency, whether it failed). With limits off every request is admitted.
 */
final class Admission {

  private final ConcurrencyLimit limit;
  private long admittedAt;
  private boolean held;

  /** @param limit the service's limit on this event loop, or null when limits are off */
  Admission(ConcurrencyLimit limit) {
    this.limit = limit;
  }

  /** @return whether the request may go on; false means it is to be shed */
  boolean take() {
    if (limit == null) {
      return true;
    }
    held = limit.tryAcquire();
    admittedAt = System.nanoTime();
    return held;
  }

  /**
   * @param status what the client was answered: a 5xx (the service's or ours: a timeout, no instance) counts as a
   *               drop; 499 (the client left) says nothing about the service
   */
  void giveBack(int status) {
    if (!held) {
      return;
    }
    held = false;
    limit.release(status == 499 ? 0 : System.nanoTime() - admittedAt, status >= 500);
  }
}

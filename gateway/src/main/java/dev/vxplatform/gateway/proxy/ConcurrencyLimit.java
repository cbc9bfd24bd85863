package dev.vxplatform.gateway.proxy;

/**
 * An adaptive bound on the requests one event loop has in flight to one service, after TCP Vegas as Netflix's
 * concurrency-limits applies it: the lowest latency seen is the service's latency with no queue, so with
 * {@code limit} requests in flight at latency {@code rtt}, about {@code limit × (1 − minRtt / rtt)} of them are
 * waiting in a queue somewhere. The limit grows while that queue is short (up to {@code limitQueue} requests) and
 * shrinks once it is twice that, so the service is kept busy without a queue building up in it; a failed or timed-out
 * request shrinks it by a tenth at once. A request over the limit is refused, not queued: its caller hears a 503
 * with {@code Retry-After} in microseconds instead of waiting behind everyone else.
 *
 * <p>Confined to one event loop (no locks); the numbers for the admin endpoint and the meters are published with
 * plain volatile writes and summed across loops by {@link ConcurrencyLimits}.
 */
final class ConcurrencyLimit {

  private final String service;
  private final LimitOptions options;
  private double limit;
  private int inFlight;
  private long minRttNanos = Long.MAX_VALUE;
  private long samplesUntilProbe;
  private volatile int published;
  private volatile int publishedInFlight;
  private volatile long shed;

  ConcurrencyLimit(String service, LimitOptions options) {
    this.service = service;
    this.options = options;
    this.limit = options.initial();
    this.published = options.initial();
    this.samplesUntilProbe = probeInterval();
  }

  String service() {
    return service;
  }

  /** Takes a slot, or counts a refusal: @return whether the request may go on. */
  boolean tryAcquire() {
    if (inFlight >= (int) limit) {
      shed++;
      return false;
    }
    publishedInFlight = ++inFlight;
    return true;
  }

  /**
   * Gives the slot back with what the request showed.
   *
   * @param rttNanos how long the service took to answer it (first byte to last, retries included)
   * @param dropped  it failed or timed out: a sign of overload whatever its latency
   */
  void release(long rttNanos, boolean dropped) {
    int wasInFlight = inFlight;
    publishedInFlight = --inFlight;
    if (dropped) {
      setLimit(limit * options.backoffRatio());
      return;
    }
    if (rttNanos <= 0) {
      return;
    }
    if (--samplesUntilProbe <= 0) {
      // The service's own latency may have risen for good (a slower release, a bigger data set): forget the old
      // minimum now and then, or every request from then on would look queued and the limit would sink to its floor.
      minRttNanos = rttNanos;
      samplesUntilProbe = probeInterval();
    }
    minRttNanos = Math.min(minRttNanos, rttNanos);
    if (wasInFlight * 2 < limit) {
      return; // far below the limit: this latency says nothing about what more requests would do
    }
    double queue = limit * (1 - (double) minRttNanos / rttNanos);
    double step = Math.max(1, Math.log10(limit));
    if (queue <= options.queue() * step) {
      setLimit(limit + step);
    } else if (queue >= 2 * options.queue() * step) {
      setLimit(limit - step);
    }
  }

  int limit() {
    return published;
  }

  int inFlight() {
    return publishedInFlight;
  }

  long shed() {
    return shed;
  }

  private void setLimit(double next) {
    limit = Math.max(options.min(), Math.min(options.max(), next));
    published = (int) limit;
  }

  private long probeInterval() {
    return (long) options.probeSamples() * Math.max(1, (int) limit);
  }
}

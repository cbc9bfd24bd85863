package dev.vxplatform.gateway.proxy;

/**
 * An adaptive bound on the requests one event loop has in flight to one service, after TCP Vegas as Netflix's
 * concurrency-limits applies it: the lowest latency seen is the service's latency with no queue, so of the
 * {@code n} requests in flight when one answers at latency {@code rtt}, about {@code n × (1 − minRtt / rtt)} were
 * waiting in a queue somewhere (Little's law; Vegas writes {@code limit} for {@code n}, the same once the limit is
 * used). The limit grows while that queue is short (up to {@code limitQueue} requests) and shrinks once it is twice
 * that, so the service is kept busy without a queue building up in it; a failed or timed-out request cuts it by
 * {@code limitBackoffRatio}. A request over the limit is refused, not queued: its caller hears a 503 with
 * {@code Retry-After} in microseconds instead of waiting behind everyone else.
 *
 * <p>Counting what was really in flight, not the limit, matters on a busy machine: single answers of a fast service
 * scatter (an order read of 1 ms now and then takes 10), and with the limit in the formula each slow one read as a
 * queue of most of the limit, which sank it while one or two requests were in flight and then shed reads the service
 * had room for. Every answer adapts the limit at once: a limit that waits for windows of answers lets the queue grow
 * meanwhile (the admitted requests' p99 under overload was twice as high).
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
   * @param rttNanos how long the service took to answer it (first byte to last, retries included); 0 says nothing
   * @param dropped  it failed or timed out: a sign of overload whatever its latency
   */
  void release(long rttNanos, boolean dropped) {
    int wasInFlight = inFlight;
    publishedInFlight = --inFlight;
    if (dropped) {
      setLimit(limit * options.backoffRatio());
    } else if (rttNanos > 0) {
      adapt(rttNanos, wasInFlight);
    }
  }

  private void adapt(long rttNanos, int wasInFlight) {
    if (--samplesUntilProbe <= 0) {
      // The service's own latency may have risen for good (a slower release, a bigger data set): forget the old
      // minimum now and then, or every request from then on would look queued and the limit would sink to its floor.
      minRttNanos = rttNanos;
      samplesUntilProbe = probeInterval();
    }
    minRttNanos = Math.min(minRttNanos, rttNanos);
    double queue = wasInFlight * (1 - (double) minRttNanos / rttNanos);
    double step = Math.max(1, Math.log10(limit));
    if (queue >= 2 * options.queue() * step) {
      setLimit(limit - step);
    } else if (queue <= options.queue() * step && (wasInFlight * 2 >= limit || limit < options.initial())) {
      // Far below a limit it earned under load, a good latency says nothing about what more requests would do; below
      // its initial value, though, it climbs back, so the light traffic after an overload does not keep meeting the
      // overload's limit (and every burst of it shed).
      setLimit(limit + step);
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

package dev.vxplatform.gateway.upstream;

/**
 * Latency as an exponentially weighted moving average over samples (weight {@value #ALPHA} for the newest), that
 * also decays towards zero while no sample arrives (time constant {@code decayNanos}), so that an instance that
 * was avoided for being slow gets probed again. Unlike Finagle's "peak EWMA", one slow sample (a GC pause, a JIT
 * warm-up) is forgotten after a handful of fast ones instead of dominating for the whole decay time.
 */
final class LatencyEwma {

  static final double ALPHA = 0.3;

  private final double decayNanos;
  private double millis;
  private long stamp;
  private boolean sampled;

  LatencyEwma(long decayMillis, long now) {
    this.decayNanos = decayMillis * 1_000_000.0;
    this.stamp = now;
  }

  synchronized void observe(double sampleMillis, long now) {
    double current = decayed(now);
    millis = sampled ? current + ALPHA * (sampleMillis - current) : sampleMillis;
    sampled = true;
    stamp = now;
  }

  synchronized double millis(long now) {
    return decayed(now);
  }

  private double decayed(long now) {
    return millis * Math.exp(-Math.max(0, now - stamp) / decayNanos);
  }
}

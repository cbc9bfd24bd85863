package dev.vxplatform.gateway.proxy;

import java.util.function.LongSupplier;

/**
 * Bounds retries so that a sick cluster is not hammered: a token bucket that every request fills by
 * {@code ratio} tokens and time fills by {@code minPerSecond}, capped at {@code capacity}; a retry takes one
 * token. Over any long window, retries stay below {@code ratio} × requests + {@code minPerSecond} × seconds
 * (+ {@code capacity} once). Shared by all event loops; the lock is held for a few arithmetic operations.
 */
public final class RetryBudget {

  private final double ratio;
  private final double minPerSecond;
  private final double capacity;
  private final LongSupplier nanoClock;
  private double tokens;
  private long refilledAt;

  public RetryBudget(double ratio, double minPerSecond, double capacity) {
    this(ratio, minPerSecond, capacity, System::nanoTime);
  }

  /** Starts full: nothing is known yet, and early failures deserve their retries. */
  RetryBudget(double ratio, double minPerSecond, double capacity, LongSupplier nanoClock) {
    this.ratio = ratio;
    this.minPerSecond = minPerSecond;
    this.capacity = capacity;
    this.nanoClock = nanoClock;
    this.tokens = capacity;
    this.refilledAt = nanoClock.getAsLong();
  }

  /** Call once per client request (not per attempt). */
  public synchronized void deposit() {
    refill();
    tokens = Math.min(capacity, tokens + ratio);
  }

  /** Takes a token for one retry, or says no. */
  public synchronized boolean tryRetry() {
    refill();
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  private void refill() {
    long now = nanoClock.getAsLong();
    tokens = Math.min(capacity, tokens + (now - refilledAt) / 1e9 * minPerSecond);
    refilledAt = now;
  }
}

package dev.vxplatform.gateway.proxy;

import dev.vxplatform.gateway.upstream.Balancer;
import dev.vxplatform.gateway.upstream.Upstream;
import java.util.ArrayList;
import java.util.List;

/**
 * Which instance one exchange tries next. Instances it has not tried come first. Once every instance has been
 * tried, one that only timed out may take a later attempt: when a member of the cluster hangs, the healthy
 * instances stall on its data until the cluster has failed over (failure detection takes seconds), and answer
 * again a moment later. An instance that refused, broke the connection, answered 5xx or whose breaker is open is
 * not tried again by this exchange.
 *
 * <p>When the service has instances but none may take the request now (every breaker open, or a half-open
 * trial taken), the exchange may wait and look again ({@link #mayWait}) instead of failing at once: an open
 * breaker half-opens after its reset time, and a cluster failing over a hung member makes the healthy instances
 * time out (and their breakers open) for a few seconds only.
 *
 * <p>A half-open instance comes first of all: its breaker admits one trial, and a balancer that prefers cheap
 * instances would never send it one while it still carries the latency of its failures (with two instances,
 * power-of-two-choices always compares both) — it would stay half-open, out of rotation, indefinitely.
 */
final class Tries {

  private static final long FIRST_BACKOFF_MILLIS = 50;
  private static final long MAX_BACKOFF_MILLIS = 500;

  // Addresses, not upstream objects: a record published again (after a merge) is a new upstream at the same address.
  // No-argument lists allocate nothing until the first failure: most exchanges never have one.
  private final List<String> tried = new ArrayList<>();
  private final List<String> ruledOut = new ArrayList<>();
  private final List<String> refusedByBreaker = new ArrayList<>();
  /** "address reason" of every failed or skipped attempt, for the log line of an exchange that failed. */
  private final List<String> history = new ArrayList<>();
  private boolean breakerInTheWay;
  private long waitingSince;
  private long backoffMillis = FIRST_BACKOFF_MILLIS;

  /** The next instance among {@code all}, or null when none may take this request. */
  Upstream next(List<Upstream> all, Balancer balancer) {
    List<Upstream> fresh = new ArrayList<>(all.size());
    List<Upstream> again = new ArrayList<>(all.size());
    breakerInTheWay = false;
    for (Upstream upstream : all) {
      String address = upstream.address();
      if (ruledOut.contains(address)) {
        continue;
      }
      if (!upstream.mayTakeRequest() || refusedByBreaker.contains(address)) {
        breakerInTheWay = true;
        continue;
      }
      (tried.contains(address) ? again : fresh).add(upstream);
    }
    for (Upstream upstream : fresh) {
      if (upstream.halfOpen()) {
        return upstream; // its trial already taken: the call is refused at once and this exchange picks again
      }
    }
    if (!fresh.isEmpty()) {
      return balancer.pick(fresh);
    }
    return again.isEmpty() ? null : balancer.pick(again);
  }

  /** An attempt failed; {@code timedOut}: it was only slow, so a later attempt may come back to it. */
  void failed(Upstream upstream, boolean timedOut, String reason) {
    (timedOut ? tried : ruledOut).add(upstream.address());
    history.add(upstream.address() + " " + reason);
  }

  /** Its breaker refused the call before anything was sent: not an attempt; not offered again until a wait. */
  void skipped(Upstream upstream) {
    refusedByBreaker.add(upstream.address());
    history.add(upstream.address() + " breaker open");
  }

  /**
   * After {@link #next} found nothing: true when some instance was kept out only by its breaker and this exchange
   * has waited less than {@code maxWaitMillis} so far; the caller then looks again after {@link #backoffMillis}.
   */
  boolean mayWait(long nowMillis, long maxWaitMillis) {
    if (!breakerInTheWay || maxWaitMillis == 0) {
      return false;
    }
    if (waitingSince == 0) {
      waitingSince = nowMillis;
    }
    if (nowMillis - waitingSince >= maxWaitMillis) {
      return false;
    }
    refusedByBreaker.clear(); // a taken trial ends, an open breaker half-opens
    return true;
  }

  /** What this exchange tried, in order ("10.0.0.3:8082 connect, 10.0.0.4:8082 breaker open"), or "nothing". */
  @Override
  public String toString() {
    return history.isEmpty() ? "nothing" : String.join(", ", history);
  }

  /** 50 ms, doubling up to 500 ms. */
  long backoffMillis() {
    long current = backoffMillis;
    backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
    return current;
  }
}

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
 * <p>A half-open instance comes first of all: its breaker admits one trial, and a balancer that prefers cheap
 * instances would never send it one while it still carries the latency of its failures (with two instances,
 * power-of-two-choices always compares both) — it would stay half-open, out of rotation, indefinitely.
 */
final class Tries {

  private final List<Upstream> tried = new ArrayList<>(3);
  private final List<Upstream> ruledOut = new ArrayList<>(3);

  /** The next instance among {@code all}, or null when none may take this request. */
  Upstream next(List<Upstream> all, Balancer balancer) {
    List<Upstream> fresh = new ArrayList<>(all.size());
    List<Upstream> again = new ArrayList<>(all.size());
    for (Upstream upstream : all) {
      if (!upstream.mayTakeRequest() || ruledOut.contains(upstream)) {
        continue;
      }
      (tried.contains(upstream) ? again : fresh).add(upstream);
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
  void failed(Upstream upstream, boolean timedOut) {
    (timedOut ? tried : ruledOut).add(upstream);
  }

  /** Its breaker refused the call before anything was sent: not an attempt, and not this exchange's again. */
  void skipped(Upstream upstream) {
    ruledOut.add(upstream);
  }
}

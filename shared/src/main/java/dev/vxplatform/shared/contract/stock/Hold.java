package dev.vxplatform.shared.contract.stock;

/**
 * What one order holds of one sku; immutable, so copies of a sku's record share it ({@link Holds}). Finished holds
 * (committed, released) are kept for a while: they make a retried or late operation for the same order a no-op
 * instead of a second change ({@link StockRecord#prune}). A reserved hold left untouched for a while leaves memory
 * for the table ({@link ColdHolds}).
 *
 * @param attempt the reservation attempt that placed (or adopted) the hold; only that attempt may roll it back
 * @param changedAt when it was placed, adopted, committed or released (the mutation's clock, ms)
 */
record Hold(long qty, HoldState state, String attempt, long changedAt) {

  Hold adoptedBy(String newAttempt, long at) {
    return new Hold(qty, state, newAttempt, at);
  }

  Hold finishedAs(HoldState finalState, long at) {
    return new Hold(qty, finalState, attempt, at);
  }

  boolean finished() {
    return state == HoldState.COMMITTED || state == HoldState.RELEASED;
  }

  /** Finished, or the tombstone of a rolled-back hold: forgotten once older than the retention. */
  boolean settled() {
    return state != HoldState.RESERVED;
  }

  /** Reserved and untouched since {@code cutOff} (inclusive): it may live in the table only. */
  boolean coldBy(long cutOff) {
    return state == HoldState.RESERVED && changedAt <= cutOff;
  }
}

package dev.vxplatform.shared.contract.stock;

/**
 * What one order holds of one sku; immutable, so copies of a sku's record share it ({@link Holds}). Finished holds
 * (committed, released) are kept for a while: they make a retried or late operation for the same order a no-op
 * instead of a second change ({@link StockRecord#prune}).
 *
 * @param attempt the reservation attempt that placed (or adopted) the hold; only that attempt may roll it back
 * @param finishedAt when it was committed or released (the mutation's clock, ms); 0 while reserved
 */
record Hold(long qty, HoldState state, String attempt, long finishedAt) {

  Hold adoptedBy(String newAttempt) {
    return new Hold(qty, state, newAttempt, finishedAt);
  }

  Hold finishedAs(HoldState finalState, long at) {
    return new Hold(qty, finalState, attempt, at);
  }

  boolean finished() {
    return state == HoldState.COMMITTED || state == HoldState.RELEASED;
  }
}

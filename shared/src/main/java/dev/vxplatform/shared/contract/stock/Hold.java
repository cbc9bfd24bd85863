package dev.vxplatform.shared.contract.stock;

/**
 * What one order holds of one sku. Finished holds (committed, released) are kept for a while: they make a retried
 * or late operation for the same order a no-op instead of a second change ({@link StockRecord#prune}).
 */
final class Hold {

  long qty;
  HoldState state;
  /** The reservation attempt that placed (or adopted) the hold; only that attempt may roll it back. */
  String attempt;
  /** When it was committed or released (the mutation's clock, ms); 0 while reserved. */
  long finishedAt;

  Hold(long qty, HoldState state, String attempt, long finishedAt) {
    this.qty = qty;
    this.state = state;
    this.attempt = attempt;
    this.finishedAt = finishedAt;
  }

  boolean finished() {
    return state == HoldState.COMMITTED || state == HoldState.RELEASED;
  }
}

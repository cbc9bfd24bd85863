package dev.vxplatform.shared.contract.stock;

/**
 * What one order holds of one sku. Finished holds (committed, released) are kept: they make a retried or late
 * operation for the same order a no-op instead of a second change.
 */
final class Hold {

  long qty;
  HoldState state;
  /** The reservation attempt that placed (or adopted) the hold; only that attempt may roll it back. */
  String attempt;

  Hold(long qty, HoldState state, String attempt) {
    this.qty = qty;
    this.state = state;
    this.attempt = attempt;
  }
}

package dev.vxplatform.shared.contract.stock;

/** The state of one order's line on one sku, as the reconciler sees it. */
public enum HoldState {
  /** The order holds nothing of this sku (in a sku's record: the tombstone of a hold rolled back, no units). */
  NONE,
  /** Units are held: taken from available, counted in reserved. */
  RESERVED,
  /** Held units were sold. Final. */
  COMMITTED,
  /** Held units went back to available, or the order was released before it held any. Final. */
  RELEASED
}

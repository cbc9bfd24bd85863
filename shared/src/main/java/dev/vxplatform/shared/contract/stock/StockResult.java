package dev.vxplatform.shared.contract.stock;

/** What a {@link StockMutation} or {@link StockQuery} did to one sku's record. */
public enum StockResult {
  /** The sku has no stock record: unknown sku. Nothing was written. */
  UNKNOWN_SKU(false),
  /** {@code init}: the record was created with its initial units. */
  CREATED(true),
  /** {@code init}: a record existed already and was left as it was. */
  EXISTS(false),
  /** {@code hold}: units moved from available to reserved for the order. */
  HELD(true),
  /** {@code hold}: the order held (or had bought) this sku already; nothing moved. */
  ALREADY_HELD(true),
  /** {@code hold}: fewer units available than asked; nothing moved. */
  SHORT(false),
  /** {@code hold}: the order was released; a released order never holds again. */
  REFUSED(false),
  /** {@code unhold}: a failed attempt's hold was rolled back. */
  UNHELD(true),
  /** {@code release}: held units went back to available. */
  RELEASED(true),
  /** {@code release} of an order that held nothing here: remembered, so a late hold is refused. */
  TOMBSTONED(true),
  /** {@code commit}: held units became sold. */
  COMMITTED(true),
  /** {@code commit}: the order holds nothing here to sell. */
  MISSING(false),
  /** {@code restock}: units were added to available. */
  RESTOCKED(true),
  /** Nothing to do (a repeated release, commit or rollback), or a read. */
  NO_CHANGE(false);

  private final boolean writes;

  StockResult(boolean writes) {
    this.writes = writes;
  }

  /** Whether the record was written (and so must be backed up). */
  public boolean writes() {
    return writes;
  }

  /** Whether counters moved: what {@code changed} means in replies. */
  public boolean movedUnits() {
    return this == HELD || this == UNHELD || this == RELEASED || this == COMMITTED || this == RESTOCKED
        || this == CREATED;
  }
}

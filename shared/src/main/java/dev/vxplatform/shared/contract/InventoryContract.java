package dev.vxplatform.shared.contract;

/**
 * The inventory-service's event-bus API (request-reply), used by the order-service. The same operations exist
 * over HTTP; see inventory-service/README.md.
 *
 * <p>Bodies are JSON objects. Failures are {@code ReplyException}s whose failure code is the HTTP status the
 * HTTP twin would answer (400 invalid input, 404 unknown sku or reservation, 409 insufficient stock or an
 * illegal transition) and whose message is the problem+json body as a string (for 409 on reserve it carries
 * {@code short: [{sku, requested, available}]}).
 */
public final class InventoryContract {

  /** Discovery name of the HTTP endpoint and the event-bus service. */
  public static final String SERVICE = "inventory-service";

  /**
   * {@code {orderId, items:[{sku, qty}]}} → {@code {orderId, state:"RESERVED", items:[{sku, qty}]}}; idempotent per
   * order. The reply also carries {@code changed} (false when the order already held these items; a repeat after
   * a commit answers state {@code COMMITTED}). 409 when a sku is short (nothing stays held), when the order was
   * released, or when it already holds other items; 404 naming unknown skus.
   */
  public static final String RESERVE = "inventory.reservations.reserve";

  /** {@code {orderId}} → {@code {orderId, state, changed}}: held units go back to available; a no-op when none are held. */
  public static final String RELEASE = "inventory.reservations.release";

  /** {@code {orderId}} → {@code {orderId, state, changed}}: held units become sold; 409 after a release. */
  public static final String COMMIT = "inventory.reservations.commit";

  /**
   * {@code {orderId}} → {@code {orderId, state, items:[{sku, qty, state}]}} with state one of
   * {@code NONE, RESERVED, COMMITTED, RELEASED} per sku and overall (the reconciler's question).
   * Overall it may also be {@code PENDING}: a reservation attempt is placing holds right now (or died doing so
   * and its lease has not run out); ask again, or release it.
   */
  public static final String GET_RESERVATION = "inventory.reservations.get";

  /** {@code {}} → {@code {products:[{sku, name, priceCents, …}]}} sorted by sku. */
  public static final String LIST_PRODUCTS = "inventory.products.list";

  /** {@code {sku}} → {@code {sku, name, priceCents, …}}; 404 when unknown. */
  public static final String GET_PRODUCT = "inventory.products.get";

  /** {@code {sku, name, priceCents, …}} → the product as stored (admin upsert; creates an empty stock record). */
  public static final String UPSERT_PRODUCT = "inventory.products.upsert";

  /** {@code {sku}} → {@code {sku, available, reserved, sold}}; 404 when unknown. */
  public static final String GET_STOCK = "inventory.stock.get";

  /** {@code {sku, qty}} → {@code {sku, available, reserved, sold}} after adding {@code qty} units. */
  public static final String RESTOCK = "inventory.stock.restock";

  /** {@code {}} → {@code {ok, skus:[{sku, initial, restocked, available, reserved, sold, ok}]}}. */
  public static final String AUDIT = "inventory.audit";

  /** Overall reservation state while an attempt holds the order (see {@link #GET_RESERVATION}). */
  public static final String STATE_PENDING = "PENDING";

  /** Overall and per-sku reservation state: nothing held for the order. */
  public static final String STATE_NONE = "NONE";
  /**
   * {@code GET_RESERVATION}: an attempt began placing holds and never finished (its coordinator died, or the whole
   * cluster went down meanwhile), and its lease has run out: nothing will finish it. Whoever decides the order
   * (the reconciler) rejects it and releases what the attempt may hold.
   */
  public static final String STATE_ABANDONED = "ABANDONED";

  private InventoryContract() {
  }
}

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

  /** {@code {orderId, items:[{sku, qty}]}} → {@code {orderId, state:"RESERVED", items:[{sku, qty}]}}; idempotent per order. */
  public static final String RESERVE = "inventory.reservations.reserve";

  /** {@code {orderId}} → {@code {orderId, state, changed}}: held units go back to available; a no-op when none are held. */
  public static final String RELEASE = "inventory.reservations.release";

  /** {@code {orderId}} → {@code {orderId, state, changed}}: held units become sold; 409 after a release. */
  public static final String COMMIT = "inventory.reservations.commit";

  /**
   * {@code {orderId}} → {@code {orderId, state, items:[{sku, qty, state}]}} with state one of
   * {@code NONE, RESERVED, COMMITTED, RELEASED} per sku and overall (the reconciler's question).
   */
  public static final String GET_RESERVATION = "inventory.reservations.get";

  private InventoryContract() {
  }
}

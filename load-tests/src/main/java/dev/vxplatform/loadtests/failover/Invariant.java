package dev.vxplatform.loadtests.failover;

/** The promises the check holds the platform to, with the words the report uses for them. */
enum Invariant {
  ACKED_ORDER_EXISTS("every acknowledged order (201, or a 409 rejection) exists"),
  SAME_ITEMS("each stored order has the items its client sent"),
  STATUS_CONSISTENT("each order's status is consistent with what its client last saw"),
  ONE_ORDER_PER_KEY("no two orders for one Idempotency-Key"),
  NOT_OVERSOLD("no sku oversold: sold + reserved <= initial + restocked, nothing negative"),
  AUDIT_CONSERVATION("inventory audit conserves units for every sku"),
  SUPPLY_MATCHES_RESTOCKS("units supplied match the acknowledged restocks"),
  HOLDS_MATCH_ORDERS("units reserved = units of CONFIRMED orders, sold = COMPLETED (per sku and per order)"),
  NO_PENDING("no order PENDING after the settle time"),
  NO_MINORITY_ACK("no write was acknowledged by a minority member"),
  NODE_RECOVERED("every faulted node came back into the gateway's view, and the data became redundant again"),
  STATE_READABLE("the final state could be read completely");

  private final String text;

  Invariant(String text) {
    this.text = text;
  }

  String text() {
    return text;
  }
}

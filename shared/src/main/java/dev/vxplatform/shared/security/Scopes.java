package dev.vxplatform.shared.security;

/**
 * The scopes the platform's routes ask for, carried in a token's {@code scope} claim (space-separated, as OAuth 2
 * servers such as Keycloak write it). A contract between the identity provider's clients and every service.
 */
public final class Scopes {

  /** Place, cancel and complete one's own orders. */
  public static final String ORDERS_WRITE = "orders:write";
  /** Read one's own orders. */
  public static final String ORDERS_READ = "orders:read";
  /** Upsert products, restock, read stock, and reserve, commit or release stock directly. */
  public static final String INVENTORY_ADMIN = "inventory:admin";
  /** Everything operational; also acts for any customer (names {@code customerId}, reads any order). */
  public static final String ADMIN = "admin";
  /** What a shopper's token carries. */
  public static final String CUSTOMER = ORDERS_WRITE + " " + ORDERS_READ;
  /** Every scope: what an operator's token (and the test harnesses') carries. */
  public static final String ALL = CUSTOMER + " " + INVENTORY_ADMIN + " " + ADMIN;

  private Scopes() {
  }
}

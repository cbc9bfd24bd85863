package dev.vxplatform.shared.security;

import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Who a verified token speaks for: its {@code sub}, and the scopes it grants.
 *
 * @param subject the token's {@code sub}: for a shopper, the customer id
 * @param scopes  the token's {@code scope} claim, split on spaces
 */
public record Principal(String subject, Set<String> scopes) {

  static final String CONTEXT_KEY = "principal";

  public Principal {
    scopes = Set.copyOf(scopes);
  }

  public boolean has(String scope) {
    return scopes.contains(scope);
  }

  /** True when this token acts for {@code customerId}: it is that customer, or an operator. */
  public boolean actsFor(String customerId) {
    return subject.equals(customerId) || has(Scopes.ADMIN);
  }

  /** The principal {@link Access} put on this request. */
  public static Principal of(RoutingContext ctx) {
    Principal principal = ctx.get(CONTEXT_KEY);
    if (principal == null) {
      throw new IllegalStateException("route " + ctx.normalizedPath() + " reads a principal but requires no token");
    }
    return principal;
  }
}

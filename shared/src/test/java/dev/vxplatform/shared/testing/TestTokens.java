package dev.vxplatform.shared.testing;

import dev.vxplatform.shared.security.LocalKeys;
import dev.vxplatform.shared.security.Scopes;

/**
 * Bearer tokens signed with this JVM's {@link LocalKeys}, which every {@code forTests()} configuration verifies with.
 * Made when asked for (signing takes about a millisecond), valid for an hour.
 */
public final class TestTokens {

  private static final long TTL_SECONDS = 3600;

  private TestTokens() {
  }

  /** {@code Authorization} value of an operator: every scope, acts for any customer. */
  public static String operator() {
    return bearer("operator", Scopes.ALL);
  }

  /** {@code Authorization} value of a shopper: places and reads their own orders. */
  public static String customer(String customerId) {
    return bearer(customerId, Scopes.CUSTOMER);
  }

  public static String bearer(String subject, String scopes) {
    return "Bearer " + LocalKeys.forThisJvm().token(subject, scopes, TTL_SECONDS);
  }
}

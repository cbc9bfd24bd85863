package dev.vxplatform.shared.security;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tokens that passed every check but the time, each with what it grants and its time window: the most recently used
 * {@code capacity} of them. Used by one {@link TokenVerifier}, on one event loop, so it needs no lock.
 */
final class VerifiedTokens {

  /** Distinct live tokens one event loop sees at once; beyond it the least recently used is verified again. */
  static final int DEFAULT_CAPACITY = 1_024;

  /** @param notBefore {@code nbf} in epoch seconds, {@link Long#MIN_VALUE} when the token has none */
  record Window(Principal principal, long notBefore, long expiresAt) {
  }

  private final Map<String, Window> byToken;

  VerifiedTokens(int capacity) {
    this.byToken = new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
        return size() > capacity;
      }
    };
  }

  Window get(String token) {
    return byToken.get(token);
  }

  void put(String token, Window window) {
    byToken.put(token, window);
  }

  void clear() {
    byToken.clear();
  }
}

package dev.vxplatform.shared.security;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Scopes declared with the routes: {@code router.post("/orders").handler(access.requires(Scopes.ORDERS_WRITE))}.
 * The handler verifies the bearer token, checks the scope, and leaves the {@link Principal} on the context for the
 * handlers after it. A refusal fails the context with an {@link AccessRefusal}, which the platform router answers as a
 * 401 or 403 problem+json with its {@code WWW-Authenticate} challenge. A route without such a handler is public.
 */
public final class Access {

  private final TokenKeys keys;
  private final TokenVerifier verifier;

  private Access(TokenKeys keys, TokenVerifier verifier) {
    this.keys = keys;
    this.verifier = verifier;
  }

  /** Loads the keys; for a verticle's router (one event loop: one verifier). */
  public static Future<Access> open(Vertx vertx, AuthConfig config) {
    return TokenKeys.open(vertx, config).map(keys -> new Access(keys, new TokenVerifier(vertx, keys)));
  }

  public Handler<RoutingContext> requires(String scope) {
    return ctx -> verifier.verify(ctx.request().getHeader(HttpHeaders.AUTHORIZATION)).onComplete(verified -> {
      if (verified.failed()) {
        ctx.fail(verified.cause());
      } else if (!verified.result().has(scope)) {
        ctx.fail(AccessRefusal.missingScope(scope));
      } else {
        ctx.put(Principal.CONTEXT_KEY, verified.result());
        ctx.next();
      }
    });
  }

  /** Stops refreshing a key set. */
  public void close() {
    keys.close();
  }
}

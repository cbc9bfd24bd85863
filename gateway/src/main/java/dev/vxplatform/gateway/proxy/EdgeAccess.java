package dev.vxplatform.gateway.proxy;

import dev.vxplatform.gateway.routing.RouteSpec;
import dev.vxplatform.shared.security.TokenVerifier;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;

/**
 * The gateway's checks at the edge, on one event loop: a proxied request needs a valid bearer token, except a read
 * (GET, HEAD) under a public prefix; then its caller (the token's subject, or the client's address for an anonymous
 * read) must have room in its rate limit. Scopes are the services' to check, declared with their routes and
 * verified again there; the edge authenticates, so a request without a valid token never costs an upstream call.
 */
final class EdgeAccess {

  private final TokenVerifier verifier;
  private final List<String> publicReads;
  private final RateLimits limits;

  EdgeAccess(TokenVerifier verifier, List<String> publicReads, RateLimits limits) {
    this.verifier = verifier;
    this.publicReads = publicReads;
    this.limits = limits;
  }

  /**
   * Completes at once unless a key set must be fetched; fails with an {@code AccessRefusal} (401) or a
   * {@link RateLimited} (429), both {@code ProblemException}s carrying their headers.
   */
  Future<Void> check(HttpServerRequest request) {
    Future<String> caller = isPublicRead(request.method(), request.path())
        ? Future.succeededFuture("address " + request.remoteAddress().hostAddress())
        : verifier.verify(request.getHeader(HttpHeaders.AUTHORIZATION)).map(principal -> "sub " + principal.subject());
    return caller.compose(who -> {
      RateLimited refused = limits.take(who, request.method());
      return refused == null ? Future.succeededFuture() : Future.failedFuture(refused);
    });
  }

  /** A path with a dot segment or an escape is never public: the service might resolve it to another route. */
  private boolean isPublicRead(HttpMethod method, String path) {
    if (method != HttpMethod.GET && method != HttpMethod.HEAD || path.contains("/.") || path.indexOf('%') >= 0) {
      return false;
    }
    for (String prefix : publicReads) {
      if (RouteSpec.isUnder(path, prefix)) {
        return true;
      }
    }
    return false;
  }
}

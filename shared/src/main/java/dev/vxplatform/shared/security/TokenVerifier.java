package dev.vxplatform.shared.security;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.NoSuchKeyIdException;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Verifies bearer tokens on one event loop (Vert.x's JWT verifier locks each key while it checks a signature, so
 * event loops do not share one). A token passes when its signature verifies with a current key, its algorithm is the
 * key's (so {@code alg: none} and HS256 signed with the public key fail), its issuer and audience are the configured
 * ones, it carries {@code sub} and {@code exp}, and now lies within its {@code nbf}..{@code exp}.
 *
 * <p>A client sends the same token with every request until it expires, and checking its signature is most of what
 * a request costs here (an RS256 verification, tens of microseconds): a token that passed is remembered
 * ({@link VerifiedTokens}) and its next requests only check its time window again. Only tokens that passed are
 * remembered, and the memory is dropped whenever the key set changes, so a removed key stops its tokens at once.
 */
public final class TokenVerifier {

  /** Longer than any real token; bounds the work a hostile header can ask for. */
  static final int MAX_TOKEN_CHARS = 8_192;

  private final Vertx vertx;
  private final TokenKeys keys;
  private final LongSupplier clockMillis;
  private final VerifiedTokens verified = new VerifiedTokens(VerifiedTokens.DEFAULT_CAPACITY);
  private JWTAuth auth;
  private long builtFrom = -1;

  public TokenVerifier(Vertx vertx, TokenKeys keys) {
    this(vertx, keys, System::currentTimeMillis);
  }

  /** @param clockMillis the time a token's window is checked against (a test moves it) */
  TokenVerifier(Vertx vertx, TokenKeys keys, LongSupplier clockMillis) {
    this.vertx = vertx;
    this.keys = keys;
    this.clockMillis = clockMillis;
  }

  /**
   * @param authorization the request's {@code Authorization} header, null when absent
   * @return the principal, or a failed {@link AccessRefusal} (401); complete at once unless a key must be fetched
   */
  public Future<Principal> verify(String authorization) {
    if (authorization == null) {
      return Future.failedFuture(AccessRefusal.missingToken());
    }
    if (authorization.length() < 8 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Future.failedFuture(AccessRefusal.invalidToken("the Authorization scheme is not Bearer"));
    }
    String token = authorization.substring(7).trim();
    if (token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
      return Future.failedFuture(AccessRefusal.invalidToken("the token is empty or too long"));
    }
    Future<Principal> first = check(token);
    if (!(first.cause() instanceof UnknownKey) || !keys.fetched()) {
      return first.recover(TokenVerifier::asRefusal);
    }
    Context context = vertx.getOrCreateContext();
    Promise<Principal> answer = Promise.promise();
    // The key set may complete on another event loop: come back to this one before touching the verifier.
    keys.refreshForUnknownKey().onComplete(refreshed -> context.runOnContext(v -> {
      Future<Principal> retry = refreshed.succeeded() && refreshed.result() ? check(token)
          : Future.failedFuture(new UnknownKey());
      retry.recover(TokenVerifier::asRefusal).onComplete(answer);
    }));
    return answer.future();
  }

  private Future<Principal> check(String token) {
    if (builtFrom != keys.version()) {
      auth = keys.options() == null ? null : JWTAuth.create(vertx, keys.options());
      builtFrom = keys.version();
      verified.clear();
    }
    VerifiedTokens.Window known = verified.get(token);
    if (known != null) {
      return Future.succeededFuture(known).map(this::inWindow);
    }
    if (auth == null) {
      return Future.failedFuture(new UnknownKey());
    }
    Future<User> user = auth.authenticate(new TokenCredentials(token));
    if (user.failed() && user.cause() instanceof NoSuchKeyIdException) {
      return Future.failedFuture(new UnknownKey());
    }
    return user.map(passed -> {
      VerifiedTokens.Window window = window(passed.attributes().getJsonObject("accessToken"));
      Principal principal = inWindow(window);
      verified.put(token, window);
      return principal;
    });
  }

  /** What a token that passed its signature, issuer and audience checks grants, and from when until when. */
  private static VerifiedTokens.Window window(JsonObject claims) {
    Object exp = claims.getValue("exp");
    Object nbf = claims.getValue("nbf");
    Object sub = claims.getValue("sub");
    if (!(exp instanceof Number expiry)) {
      throw AccessRefusal.invalidToken("it has no exp claim");
    }
    if (nbf != null && !(nbf instanceof Number)) {
      throw AccessRefusal.invalidToken("it is not valid yet (nbf)");
    }
    if (!(sub instanceof String subject) || subject.isBlank() || subject.chars().anyMatch(c -> c < 0x20)) {
      throw AccessRefusal.invalidToken("it has no usable sub claim");
    }
    long notBefore = nbf == null ? Long.MIN_VALUE : ((Number) nbf).longValue();
    return new VerifiedTokens.Window(new Principal(subject, scopes(claims.getValue("scope"))), notBefore,
        expiry.longValue());
  }

  private Principal inWindow(VerifiedTokens.Window window) {
    long now = clockMillis.getAsLong() / 1000;
    int leeway = keys.config().leewaySeconds();
    if (window.expiresAt() + leeway < now) {
      throw AccessRefusal.invalidToken("it has expired");
    }
    if (window.notBefore() != Long.MIN_VALUE && window.notBefore() - leeway > now) {
      throw AccessRefusal.invalidToken("it is not valid yet (nbf)");
    }
    return window.principal();
  }

  private static Set<String> scopes(Object claim) {
    if (claim instanceof String text) {
      return Arrays.stream(text.trim().split("\\s+")).filter(scope -> !scope.isEmpty()).collect(Collectors.toSet());
    }
    if (claim instanceof JsonArray list) {
      return list.stream().filter(String.class::isInstance).map(String.class::cast).collect(Collectors.toSet());
    }
    return Set.of();
  }

  /** Vert.x's reasons, in fixed words: a reason may quote the token (its kid), which must not reach a header. */
  private static Future<Principal> asRefusal(Throwable failure) {
    if (failure instanceof AccessRefusal refusal) {
      return Future.failedFuture(refusal);
    }
    String message = String.valueOf(failure.getMessage());
    String why;
    if (failure instanceof UnknownKey) {
      why = "no key matches its kid and alg";
    } else if (failure instanceof SignatureException) {
      why = "its signature does not verify";
    } else if (message.contains("audience")) {
      why = "wrong audience";
    } else if (message.contains("issuer")) {
      why = "wrong issuer";
    } else if (message.contains("\"none\"") || message.contains("not signed")) {
      why = "unsigned tokens are refused";
    } else {
      why = "it is not a well-formed JWT";
    }
    return Future.failedFuture(AccessRefusal.invalidToken(why));
  }

  /** The key set has no key for the token's kid and alg (yet). */
  private static final class UnknownKey extends RuntimeException {
    UnknownKey() {
      super("no key for the token's kid and alg", null, false, false);
    }
  }
}

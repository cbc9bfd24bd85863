package dev.vxplatform.shared.security;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpResponseExpectation;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys a node verifies tokens with, shared by its verifiers: a PEM public key read once, or a JWKS fetched at
 * start, every {@link AuthConfig#jwksRefreshMillis()}, and when a token names a key id the set lacks (such fetches at
 * most once per {@link AuthConfig#jwksMinRefreshMillis()}). Only RS256 and ES256 signing keys are taken from a key
 * set, so a symmetric key published by mistake can never verify a token.
 */
public final class TokenKeys {

  private static final Logger LOG = LoggerFactory.getLogger(TokenKeys.class);

  private final Vertx vertx;
  private final Context context;
  private final AuthConfig config;
  private final HttpClient http;
  private final long timer;
  private volatile JWTAuthOptions options;
  private volatile long version;
  private long lastUnknownKeyFetchAt;
  private Future<Boolean> fetching;

  private TokenKeys(Vertx vertx, AuthConfig config, JWTAuthOptions options) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.config = config;
    this.options = options;
    this.http = config.jwksUrl() == null ? null : vertx.createHttpClient(new HttpClientOptions()
        .setSsl(config.jwksUrl().startsWith("https:")).setConnectTimeout(5_000));
    this.timer = http == null ? -1 : vertx.setPeriodic(config.jwksRefreshMillis(), id -> fetch());
  }

  /** Reads the key file, or fetches the key set once; fails when neither gives a usable key. */
  public static Future<TokenKeys> open(Vertx vertx, AuthConfig config) {
    if (config.jwksUrl() != null) {
      TokenKeys keys = new TokenKeys(vertx, config, null);
      return keys.fetch().map(keys).onFailure(failed -> keys.close());
    }
    Future<String> pem = config.publicKeyPem() != null ? Future.succeededFuture(config.publicKeyPem())
        : vertx.fileSystem().readFile(config.publicKeyFile()).map(Buffer::toString);
    return pem.map(text -> new TokenKeys(vertx, config, options(config, PemKeys.publicKeyOptions(text))));
  }

  /** The current keys, with the issuer, audience and leeway every token is checked against. */
  JWTAuthOptions options() {
    return options;
  }

  /** Changes whenever the key set does. */
  long version() {
    return version;
  }

  /** True when keys come from a key set, which a token naming an unknown key may make this node fetch again. */
  boolean fetched() {
    return http != null;
  }

  AuthConfig config() {
    return config;
  }

  /**
   * Called when a token names a key the set lacks: fetches the set unless that happened within the minimum interval.
   * Completes with true when the set changed.
   */
  synchronized Future<Boolean> refreshForUnknownKey() {
    if (http == null) {
      return Future.succeededFuture(false);
    }
    long now = System.currentTimeMillis();
    if (now - lastUnknownKeyFetchAt < config.jwksMinRefreshMillis()) {
      return fetching != null ? fetching : Future.succeededFuture(false);
    }
    lastUnknownKeyFetchAt = now;
    return fetch();
  }

  private synchronized Future<Boolean> fetch() {
    if (fetching != null) {
      return fetching;
    }
    Promise<Boolean> fetched = Promise.promise();
    Future<Boolean> fetch = fetched.future();
    fetching = fetch;
    // Every fetch from one context, so the client's callbacks run on its connection's thread: Vert.x 5.0.7 can drop
    // the end of a response whose body() is asked for on another thread (eclipse-vertx/vert.x#6038), and the fetch
    // would then never complete.
    context.runOnContext(v -> request().onComplete(fetched));
    fetch.onComplete(done -> {
      synchronized (this) {
        fetching = null;
      }
    });
    return fetch;
  }

  private Future<Boolean> request() {
    URI url = URI.create(config.jwksUrl());
    return http.request(new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url.toString())
            .setTimeout(10_000))
        .compose(request -> request.send().expecting(HttpResponseExpectation.SC_OK))
        .compose(response -> response.body())
        .map(this::install)
        .onFailure(failure -> LOG.warn("JWKS {} not fetched, keeping {}: {}", url,
            options == null ? "no keys" : "the keys fetched before", failure.getMessage()));
  }

  private boolean install(Buffer body) {
    JsonArray all = new JsonObject(body).getJsonArray("keys", new JsonArray());
    List<JsonObject> signing = all.stream().filter(JsonObject.class::isInstance).map(JsonObject.class::cast)
        .filter(TokenKeys::isSigningKey).toList();
    if (signing.isEmpty()) {
      throw new IllegalStateException("the key set holds no RS256 or ES256 signing key");
    }
    JWTAuthOptions next = options(config, null).setJwks(signing);
    if (options != null && next.getJwks().equals(options.getJwks())) {
      return false;
    }
    options = next;
    version++;
    LOG.info("JWKS {}: {} signing key(s) {}", config.jwksUrl(), signing.size(),
        signing.stream().map(key -> key.getString("kid")).toList());
    return true;
  }

  private static boolean isSigningKey(JsonObject jwk) {
    String type = jwk.getString("kty");
    String alg = jwk.getString("alg", "RSA".equals(type) ? "RS256" : "ES256");
    boolean known = "RSA".equals(type) && alg.equals("RS256")
        || "EC".equals(type) && alg.equals("ES256") && "P-256".equals(jwk.getString("crv"));
    return known && !"enc".equals(jwk.getString("use"));
  }

  private static JWTAuthOptions options(AuthConfig config, PubSecKeyOptions key) {
    // Expiry is checked by TokenVerifier, which also requires exp and says which time claim failed.
    JWTAuthOptions options = new JWTAuthOptions().setJWTOptions(new JWTOptions().setIssuer(config.issuer())
        .setAudience(List.of(config.audience())).setIgnoreExpiration(true));
    return key == null ? options : options.addPubSecKey(key);
  }

  public void close() {
    if (http != null) {
      vertx.cancelTimer(timer);
      http.close();
    }
  }
}

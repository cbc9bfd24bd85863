package dev.vxplatform.shared.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Keys from an identity provider's key set (a tiny real JWKS server): rotation without a restart, bounded fetches. */
@ExtendWith(VertxExtension.class)
class JwksTest {

  private final LocalKeys first = LocalKeys.generate();
  private final LocalKeys second = LocalKeys.generate();
  private final AtomicReference<JsonArray> published = new AtomicReference<>();
  private final AtomicInteger fetches = new AtomicInteger();
  private HttpServer server;
  private TokenKeys keys;

  @BeforeEach
  void serveKeySet(Vertx vertx) {
    published.set(new JsonArray().add(first.jwk()));
    server = vertx.createHttpServer().requestHandler(request -> {
      fetches.incrementAndGet();
      request.response().putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("keys", published.get()).encode());
    }).listen(0, "127.0.0.1").await();
  }

  @AfterEach
  void close() {
    if (keys != null) {
      keys.close();
    }
  }

  @Test
  void aTokenSignedWithANewKeyFetchesTheSetOnceAndVerifies(Vertx vertx) {
    TokenVerifier verifier = verifier(vertx, 3_600_000, 60_000);
    assertThat(verifier.verify(bearer(first)).await().subject()).isEqualTo("ada");

    published.set(new JsonArray().add(second.jwk()));

    assertThat(verifier.verify(bearer(second)).await().subject()).isEqualTo("ada");
    assertThat(fetches).hasValue(2);
    assertThat(failureOf(verifier.verify(bearer(first)))).as("the retired key no longer verifies")
        .isInstanceOf(AccessRefusal.class);
  }

  @Test
  void unknownKeyIdsFetchAtMostOncePerInterval(Vertx vertx) {
    TokenVerifier verifier = verifier(vertx, 3_600_000, 60_000);

    for (int i = 0; i < 20; i++) {
      assertThat(failureOf(verifier.verify(bearer(second)))).isInstanceOf(AccessRefusal.class)
          .hasMessageContaining("no key matches");
    }

    assertThat(fetches).as("the start-up fetch and one for unknown keys").hasValue(2);
  }

  @Test
  void thePeriodicRefreshTakesANewKeyWithoutAnyRequest(Vertx vertx) {
    TokenVerifier verifier = verifier(vertx, 1_000, 3_600_000);
    long before = keys.version();

    published.set(new JsonArray().add(first.jwk()).add(second.jwk()));

    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (keys.version() == before && System.nanoTime() < deadline) {
      vertx.timer(50).await();
    }
    assertThat(keys.version()).isGreaterThan(before);
    assertThat(verifier.verify(bearer(second)).await().subject()).isEqualTo("ada");
    assertThat(verifier.verify(bearer(first)).await().subject()).isEqualTo("ada");
  }

  @Test
  void ignoresKeysThatAreNotRs256OrEs256Signing(Vertx vertx) {
    published.set(new JsonArray().add(first.jwk().put("use", "enc"))
        .add(new JsonObject().put("kty", "oct").put("k", "c2VjcmV0").put("alg", "HS256")));

    Throwable failure = failureOf(TokenKeys.open(vertx, AuthConfig.ofJwks(url(), 3_600_000, 0)));

    assertThat(failure).hasMessageContaining("no RS256 or ES256 signing key");
  }

  private TokenVerifier verifier(Vertx vertx, long refreshMillis, long minRefreshMillis) {
    keys = TokenKeys.open(vertx, AuthConfig.ofJwks(url(), refreshMillis, minRefreshMillis)).await();
    return new TokenVerifier(vertx, keys);
  }

  private String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/certs";
  }

  private static Throwable failureOf(Future<?> future) {
    try {
      future.await();
      return null;
    } catch (Throwable failure) {
      return failure;
    }
  }

  private static String bearer(LocalKeys keys) {
    return "Bearer " + keys.token("ada", "orders:read", 60);
  }
}

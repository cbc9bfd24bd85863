package dev.vxplatform.shared.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every way a token can be wrong is a 401 with a reason; a good one gives its subject and scopes. */
@ExtendWith(VertxExtension.class)
class TokenVerifierTest {

  private static final LocalKeys KEYS = LocalKeys.forThisJvm();
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  private TokenVerifier verifier;

  @BeforeEach
  void keys(Vertx vertx) {
    verifier = new TokenVerifier(vertx, TokenKeys.open(vertx, KEYS.authConfig()).await());
  }

  @Test
  void acceptsAGoodTokenWithItsSubjectAndScopes() {
    Principal principal = verifier.verify("Bearer " + KEYS.token("ada", "orders:read orders:write", 60)).await();

    assertThat(principal.subject()).isEqualTo("ada");
    assertThat(principal.scopes()).containsExactlyInAnyOrder("orders:read", "orders:write");
    assertThat(principal.actsFor("ada")).isTrue();
    assertThat(principal.actsFor("bob")).isFalse();
  }

  @Test
  void verifiesEs256WithAnEcKey(Vertx vertx) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = generator.generateKeyPair();
    String pem = PemKeys.pem("PUBLIC KEY", pair.getPublic().getEncoded());
    TokenVerifier ec = new TokenVerifier(vertx, TokenKeys.open(vertx, AuthConfig.ofPublicKey(pem)).await());
    String input = URL.encodeToString("{\"alg\":\"ES256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + URL.encodeToString(claims().encode().getBytes(StandardCharsets.UTF_8));
    Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format"); // JWS wants r||s, not DER
    signature.initSign(pair.getPrivate());
    signature.update(input.getBytes(StandardCharsets.US_ASCII));

    String token = input + "." + URL.encodeToString(signature.sign());

    assertThat(ec.verify("Bearer " + token).await().subject()).isEqualTo("ada");
    assertThat(ec.verify("Bearer " + KEYS.token("ada", "orders:read", 60)).failed()).as("an RS256 token").isTrue();
  }

  @Test
  void refusesAMissingTokenWithAChallenge() {
    AccessRefusal refusal = refusal(verifier.verify(null));

    assertThat(refusal.status()).isEqualTo(401);
    assertThat(refusal.challenge()).isEqualTo("Bearer realm=\"vx-platform\"");
  }

  @Test
  void refusesAnotherSchemeOrAnEmptyToken() {
    assertThat(refusal(verifier.verify("Basic YWRhOnB3")).getMessage()).contains("not Bearer");
    assertThat(refusal(verifier.verify("Bearer  ")).getMessage()).contains("empty");
    assertThat(refusal(verifier.verify("Bearer " + "a".repeat(TokenVerifier.MAX_TOKEN_CHARS + 1))).getMessage())
        .contains("too long");
  }

  @Test
  void refusesAnExpiredToken() {
    assertRefused(KEYS.sign(claims().put("exp", now() - 60)), "expired");
  }

  @Test
  void aTokenThatPassedIsRefusedOnceItExpires(Vertx vertx) {
    AtomicLong clock = new AtomicLong(System.currentTimeMillis());
    TokenVerifier timed = new TokenVerifier(vertx, TokenKeys.open(vertx, KEYS.authConfig()).await(), clock::get);
    String bearer = "Bearer " + KEYS.sign(claims().put("exp", now() + 60));
    assertThat(timed.verify(bearer).await().subject()).isEqualTo("ada");
    assertThat(timed.verify(bearer).await().subject()).as("remembered, still in its window").isEqualTo("ada");

    clock.addAndGet((60 + KEYS.authConfig().leewaySeconds() + 1) * 1000L);

    assertThat(refusal(timed.verify(bearer)).getMessage()).contains("expired");
  }

  @Test
  void refusesATokenNotValidYet() {
    assertRefused(KEYS.sign(claims().put("nbf", now() + 600)), "not valid yet");
  }

  @Test
  void refusesAWrongIssuerOrAudience() {
    assertRefused(KEYS.sign(claims().put("iss", "someone-else")), "wrong issuer");
    assertRefused(KEYS.sign(claims().put("aud", "another-api")), "wrong audience");
  }

  @Test
  void refusesATokenWithoutExpiryOrSubject() {
    JsonObject noExp = claims();
    noExp.remove("exp");
    JsonObject noSub = claims();
    noSub.remove("sub");

    assertRefused(KEYS.sign(noExp), "no exp");
    assertRefused(KEYS.sign(noSub), "no usable sub");
  }

  @Test
  void refusesATamperedPayload() {
    String[] parts = KEYS.token("ada", "orders:read", 60).split("\\.");
    String forged = URL.encodeToString(claims().put("sub", "bob").encode().getBytes(StandardCharsets.UTF_8));

    assertRefused(parts[0] + "." + forged + "." + parts[2], "signature");
  }

  @Test
  void refusesAnUnsignedToken() {
    String header = URL.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload = URL.encodeToString(claims().encode().getBytes(StandardCharsets.UTF_8));

    assertThat(refusal(verifier.verify("Bearer " + header + "." + payload + ".")).status()).isEqualTo(401);
    assertThat(refusal(verifier.verify("Bearer " + header + "." + payload)).status()).isEqualTo(401);
  }

  /** Algorithm confusion: an HMAC keyed with the public key, which everyone has, must not pass for RS256. */
  @Test
  void refusesHs256SignedWithThePublicKey() throws Exception {
    String input = URL.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + URL.encodeToString(claims().encode().getBytes(StandardCharsets.UTF_8));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEYS.publicPem().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));

    assertRefused(input + "." + URL.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII))), "no key");
  }

  @Test
  void refusesATokenOfAnotherKeyPair() {
    assertRefused(LocalKeys.generate().token("ada", "orders:read", 60), "signature");
  }

  @Test
  void refusesGarbage() {
    assertRefused("not.a.jwt", "well-formed");
    assertRefused("%%%", "well-formed");
  }

  private void assertRefused(String token, String reason) {
    AccessRefusal refusal = refusal(verifier.verify("Bearer " + token));
    assertThat(refusal.status()).isEqualTo(401);
    assertThat(refusal.getMessage()).contains(reason);
    assertThat(refusal.challenge()).contains("error=\"invalid_token\"").doesNotContain(token);
  }

  private static AccessRefusal refusal(Future<Principal> verified) {
    assertThat(verified.isComplete()).as("answered at once").isTrue();
    assertThat(verified.cause()).isInstanceOf(AccessRefusal.class);
    return (AccessRefusal) verified.cause();
  }

  private static JsonObject claims() {
    return new JsonObject().put("iss", AuthConfig.DEFAULT_ISSUER).put("aud", AuthConfig.DEFAULT_AUDIENCE)
        .put("sub", "ada").put("scope", "orders:read").put("iat", now()).put("exp", now() + 60);
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }
}

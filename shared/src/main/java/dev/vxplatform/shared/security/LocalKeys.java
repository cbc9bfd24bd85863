package dev.vxplatform.shared.security;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.UUID;

/**
 * A local RS256 signing key pair, for what has no identity provider: the local cluster ({@code infra/local-cluster.sh
 * up} writes one under {@code .run/}, {@code token} signs with it), the load and failover tools, and tests. Signs with
 * the JDK alone, so a token never depends on the verifier it is checked by.
 */
public final class LocalKeys {

  public static final String PRIVATE_FILE = "jwt-private.pem";
  public static final String PUBLIC_FILE = "jwt-public.pem";
  private static volatile LocalKeys forThisJvm;

  private final PrivateKey privateKey;
  private final String publicPem;
  private final String keyId;

  private LocalKeys(PrivateKey privateKey, String publicPem) {
    this.privateKey = privateKey;
    this.publicPem = publicPem;
    this.keyId = UUID.nameUUIDFromBytes(publicPem.getBytes(StandardCharsets.UTF_8)).toString();
  }

  public static LocalKeys generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair pair = generator.generateKeyPair();
      return new LocalKeys(pair.getPrivate(), PemKeys.pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot make an RSA key pair", e);
    }
  }

  /** One pair per JVM, made on first use: what {@code forTests()} configurations verify with. */
  public static LocalKeys forThisJvm() {
    if (forThisJvm == null) {
      synchronized (LocalKeys.class) {
        if (forThisJvm == null) {
          forThisJvm = generate();
        }
      }
    }
    return forThisJvm;
  }

  /** The pair in {@code dir}, made there first if absent; the private key file is readable by its owner only. */
  public static LocalKeys inDirectory(Path dir) throws Exception {
    Path privateFile = dir.resolve(PRIVATE_FILE);
    Path publicFile = dir.resolve(PUBLIC_FILE);
    if (!Files.exists(privateFile)) {
      LocalKeys keys = generate();
      Files.createDirectories(dir);
      Files.writeString(privateFile, PemKeys.pem("PRIVATE KEY", keys.privateKey.getEncoded()));
      Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-------"));
      Files.writeString(publicFile, keys.publicPem);
    }
    PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(
        new PKCS8EncodedKeySpec(PemKeys.der(Files.readString(privateFile))));
    return new LocalKeys(key, Files.readString(publicFile));
  }

  public String publicPem() {
    return publicPem;
  }

  /** Verifies tokens of this pair, default issuer and audience. */
  public AuthConfig authConfig() {
    return AuthConfig.ofPublicKey(publicPem);
  }

  /** The public key as a JWKS entry, as an identity provider publishes it. */
  public JsonObject jwk() {
    try {
      RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA")
          .generatePublic(new java.security.spec.X509EncodedKeySpec(PemKeys.der(publicPem)));
      Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
      return new JsonObject().put("kty", "RSA").put("alg", "RS256").put("use", "sig").put("kid", keyId)
          .put("n", url.encodeToString(unsigned(key.getModulus().toByteArray())))
          .put("e", url.encodeToString(unsigned(key.getPublicExponent().toByteArray())));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A token for {@code subject} with these space-separated scopes, valid from now for {@code ttlSeconds}. */
  public String token(String subject, String scopes, long ttlSeconds) {
    long now = System.currentTimeMillis() / 1000;
    return sign(new JsonObject().put("iss", AuthConfig.DEFAULT_ISSUER).put("aud", AuthConfig.DEFAULT_AUDIENCE)
        .put("sub", subject).put("scope", scopes).put("iat", now).put("exp", now + ttlSeconds));
  }

  /** Signs any claims (tests forge bad ones with it); the header names RS256 and this pair's key id. */
  public String sign(JsonObject claims) {
    return sign(new JsonObject().put("alg", "RS256").put("typ", "JWT").put("kid", keyId), claims);
  }

  public String sign(JsonObject header, JsonObject claims) {
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    String input = url.encodeToString(header.encode().getBytes(StandardCharsets.UTF_8)) + "."
        + url.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(privateKey);
      signature.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + url.encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] unsigned(byte[] twosComplement) {
    return twosComplement.length > 1 && twosComplement[0] == 0
        ? java.util.Arrays.copyOfRange(twosComplement, 1, twosComplement.length) : twosComplement;
  }
}

package dev.vxplatform.shared.security;

import io.vertx.ext.auth.PubSecKeyOptions;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** PEM public keys: which algorithm a key verifies (RS256 for RSA, ES256 for EC P-256), told by the key itself. */
final class PemKeys {

  private PemKeys() {
  }

  static PubSecKeyOptions publicKeyOptions(String pem) {
    return new PubSecKeyOptions().setAlgorithm(algorithmOf(pem)).setBuffer(pem);
  }

  static String algorithmOf(String pem) {
    byte[] der = der(pem);
    try {
      KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
      return "RS256";
    } catch (Exception notRsa) {
      // an EC key, or not a key at all
    }
    try {
      PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
      if (((ECPublicKey) key).getParams().getCurve().getField().getFieldSize() == 256) {
        return "ES256";
      }
    } catch (Exception notEc) {
      // answered below
    }
    throw new IllegalArgumentException("the token public key is neither RSA nor EC P-256 (PEM 'PUBLIC KEY')");
  }

  static byte[] der(String pem) {
    String body = pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
    try {
      return Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the token key is not PEM");
    }
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}

package dev.vxplatform.shared.testing;

import dev.vxplatform.shared.security.TlsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority in a temporary directory, made with the JDK's {@code keytool} (run as a process:
 * no openssl, no extra library), issuing node certificates as the PEM files {@link TlsConfig} reads. Keys are RSA
 * 2048, valid for two days. Blocking: call from test threads only.
 */
public final class TestCertificates {

  /** What the services' test certificates name: the hosts tests connect to. */
  public static final String LOOPBACK_NAMES = "IP:127.0.0.1,DNS:localhost";
  private static final String PASSWORD = "test-only";
  private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

  private final Path dir;
  private final Path caStore;
  private final Path caFile;

  private TestCertificates(Path dir) {
    this.dir = dir;
    this.caStore = dir.resolve("ca.p12");
    this.caFile = dir.resolve("ca.pem");
  }

  /** A new CA named {@code CN=name}, in a new temporary directory. */
  public static TestCertificates authority(String name) {
    try {
      TestCertificates ca = new TestCertificates(Files.createTempDirectory("test-ca-"));
      ca.keytool("-genkeypair", "-keystore", ca.caStore.toString(), "-alias", "ca", "-dname", "CN=" + name,
          "-ext", "BasicConstraints:critical=ca:true", "-ext", "KeyUsage:critical=keyCertSign,cRLSign");
      ca.keytool("-exportcert", "-keystore", ca.caStore.toString(), "-alias", "ca", "-rfc",
          "-file", ca.caFile.toString());
      return ca;
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a test CA", e);
    }
  }

  /** The CA's certificate (PEM): what clients trust. */
  public Path caFile() {
    return caFile;
  }

  /** A certificate for {@code node} naming 127.0.0.1 and localhost, signed by this CA. */
  public TlsConfig issue(String node) {
    return issue(node, LOOPBACK_NAMES);
  }

  /**
   * A certificate for {@code CN=node} with these subject alternative names ({@code keytool} syntax:
   * {@code IP:10.0.0.5,DNS:inventory}), usable by servers and clients, signed by this CA.
   */
  public TlsConfig issue(String node, String subjectAlternativeNames) {
    Path store = dir.resolve(node + ".p12");
    Path request = dir.resolve(node + ".csr");
    Path cert = dir.resolve(node + ".pem");
    Path key = dir.resolve(node + "-key.pem");
    try {
      keytool("-genkeypair", "-keystore", store.toString(), "-alias", node, "-dname", "CN=" + node);
      keytool("-certreq", "-keystore", store.toString(), "-alias", node, "-file", request.toString());
      keytool("-gencert", "-keystore", caStore.toString(), "-alias", "ca", "-infile", request.toString(),
          "-outfile", cert.toString(), "-rfc", "-ext", "SubjectAlternativeName=" + subjectAlternativeNames,
          "-ext", "ExtendedKeyUsage=serverAuth,clientAuth", "-ext", "KeyUsage=digitalSignature,keyEncipherment");
      Files.writeString(key, pkcs8(store, node));
      return new TlsConfig(cert.toString(), key.toString(), caFile.toString());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot issue a test certificate for " + node, e);
    }
  }

  /** The node's private key as PKCS#8 PEM ({@code BEGIN PRIVATE KEY}), read back from its PKCS#12 store. */
  private static String pkcs8(Path store, String alias) throws IOException, GeneralSecurityException {
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keyStore.load(in, PASSWORD.toCharArray());
    }
    Key key = keyStore.getKey(alias, PASSWORD.toCharArray());
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
    return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
  }

  private void keytool(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"));
    command.addAll(List.of(args));
    if (args[0].equals("-genkeypair") || args[0].equals("-gencert")) {
      command.addAll(List.of("-validity", "2"));
    }
    if (args[0].equals("-genkeypair")) {
      command.addAll(List.of("-keyalg", "RSA", "-keysize", "2048", "-storetype", "PKCS12"));
    }
    // A PKCS#12 store's key takes the store's password.
    command.addAll(List.of("-storepass", PASSWORD, "-noprompt"));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    try {
      if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("keytool " + args[0] + " did not finish in " + KEYTOOL_TIMEOUT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted running keytool " + args[0], e);
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
    }
  }
}

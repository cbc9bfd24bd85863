package dev.vxplatform.shared.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A certificate authority of this machine made with the JDK's {@code keytool}, run as a process (no openssl, no extra
 * library), issuing node certificates as the PEM files {@link TlsConfig} reads. Keys are RSA 2048; the CA's key stays
 * in a PKCS#12 store in its directory under a password that lives only in this object. Blocking: never call it on an
 * event loop. What {@code infra/local-cluster.sh} uses through {@link TlsTool}, and tests through their
 * {@code TestCertificates}.
 */
public final class LocalCertificates {

  /** The names a local node's certificate carries: the hosts a local cluster connects to. */
  public static final String LOOPBACK_NAMES = "IP:127.0.0.1,DNS:localhost";
  /** The files {@link #inDirectory} leaves: CA certificate, node certificate chain, node private key (0600). */
  public static final String CA_FILE = "ca.pem";
  public static final String NODE = "node";
  public static final String CERT_FILE = NODE + ".pem";
  public static final String KEY_FILE = NODE + "-key.pem";
  public static final int DEFAULT_VALIDITY_DAYS = 365;
  /** A certificate closer to its end than this is made anew by {@link #inDirectory}. */
  private static final Duration RENEW_BEFORE = Duration.ofDays(1);
  private static final long KEYTOOL_TIMEOUT_SECONDS = 60;
  private static final String PASSWORD_VARIABLE = "LOCAL_CA_STORE_PASSWORD";

  private final Path dir;
  private final Path caStore;
  private final Path caFile;
  private final int validityDays;
  private final String password;

  private LocalCertificates(Path dir, int validityDays) {
    this.dir = dir;
    this.caStore = dir.resolve("ca.p12");
    this.caFile = dir.resolve(CA_FILE);
    this.validityDays = validityDays;
    byte[] random = new byte[18];
    new SecureRandom().nextBytes(random);
    this.password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  /**
   * The CA, its node certificate and key in {@code dir} ({@value #CA_FILE}, {@value #CERT_FILE}, {@value #KEY_FILE},
   * naming {@value #LOOPBACK_NAMES}), made if any is missing or the certificate is about to expire, else those
   * already there. The CA's key is not kept: a new set means a new CA.
   */
  public static TlsConfig inDirectory(Path dir) throws IOException {
    Path cert = dir.resolve(CERT_FILE);
    Path key = dir.resolve(KEY_FILE);
    Path ca = dir.resolve(CA_FILE);
    if (Files.isReadable(cert) && Files.isReadable(key) && Files.isReadable(ca) && !expiresSoon(cert)) {
      return new TlsConfig(cert.toString(), key.toString(), ca.toString());
    }
    Files.createDirectories(dir);
    Path work = Files.createTempDirectory(dir, ".making-");
    try {
      LocalCertificates authority = authority(work, "local-cluster-ca", DEFAULT_VALIDITY_DAYS);
      authority.issue(NODE, LOOPBACK_NAMES);
      // The key first, the CA last: a reader that finds the CA finds a matching certificate and key.
      for (String file : List.of(KEY_FILE, CERT_FILE, CA_FILE)) {
        Files.move(work.resolve(file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      }
    } finally {
      deleteTree(work);
    }
    return new TlsConfig(cert.toString(), key.toString(), ca.toString());
  }

  /** A new CA named {@code CN=name} in {@code dir} (which must exist), its certificates valid that many days. */
  public static LocalCertificates authority(Path dir, String name, int validityDays) throws IOException {
    LocalCertificates ca = new LocalCertificates(dir, validityDays);
    ca.keytool("-genkeypair", "-keystore", ca.caStore.toString(), "-alias", "ca", "-dname", "CN=" + name,
        "-ext", "BasicConstraints:critical=ca:true", "-ext", "KeyUsage:critical=keyCertSign,cRLSign");
    ca.keytool("-exportcert", "-keystore", ca.caStore.toString(), "-alias", "ca", "-rfc",
        "-file", ca.caFile.toString());
    return ca;
  }

  /** The CA's certificate (PEM): what clients trust. */
  public Path caFile() {
    return caFile;
  }

  /**
   * A certificate for {@code CN=node} with these subject alternative names ({@code keytool} syntax:
   * {@code IP:10.0.0.5,DNS:inventory}), usable by servers and clients, signed by this CA: {@code node.pem} (the
   * certificate, then the CA's) and {@code node-key.pem} (PKCS#8, readable by its owner only) in the CA's directory.
   */
  public TlsConfig issue(String node, String subjectAlternativeNames) throws IOException {
    Path store = dir.resolve(node + ".p12");
    Path request = dir.resolve(node + ".csr");
    Path issued = dir.resolve(node + ".crt");
    Path cert = dir.resolve(node + ".pem");
    Path key = dir.resolve(node + "-key.pem");
    keytool("-genkeypair", "-keystore", store.toString(), "-alias", node, "-dname", "CN=" + node);
    keytool("-certreq", "-keystore", store.toString(), "-alias", node, "-file", request.toString());
    keytool("-gencert", "-keystore", caStore.toString(), "-alias", "ca", "-infile", request.toString(),
        "-outfile", issued.toString(), "-rfc", "-ext", "SubjectAlternativeName=" + subjectAlternativeNames,
        "-ext", "ExtendedKeyUsage=serverAuth,clientAuth", "-ext", "KeyUsage=digitalSignature,keyEncipherment");
    Files.writeString(cert, Files.readString(issued) + Files.readString(caFile));
    writeOwnerOnly(key, pkcs8(store, node));
    Files.delete(issued);
    Files.delete(request);
    return new TlsConfig(cert.toString(), key.toString(), caFile.toString());
  }

  private static boolean expiresSoon(Path cert) throws IOException {
    try (InputStream in = Files.newInputStream(cert)) {
      X509Certificate first = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      return first.getNotAfter().before(Date.from(Instant.now().plus(RENEW_BEFORE)));
    } catch (GeneralSecurityException e) {
      return true;  // not a certificate: made anew
    }
  }

  /** The node's private key as PKCS#8 PEM ({@code BEGIN PRIVATE KEY}), read back from its PKCS#12 store. */
  private String pkcs8(Path store, String alias) throws IOException {
    try (InputStream in = Files.newInputStream(store)) {
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(in, password.toCharArray());
      Key key = keyStore.getKey(alias, password.toCharArray());
      String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
          .encodeToString(key.getEncoded());
      return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read the key of " + alias + " back from " + store, e);
    }
  }

  /** Created 0600 where the file system knows POSIX modes: never readable by others, not even for a moment. */
  private static void writeOwnerOnly(Path file, String text) throws IOException {
    Files.deleteIfExists(file);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Files.writeString(file, text);
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private void keytool(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"));
    command.addAll(List.of(args));
    if (args[0].equals("-genkeypair") || args[0].equals("-gencert")) {
      command.addAll(List.of("-validity", String.valueOf(validityDays)));
    }
    if (args[0].equals("-genkeypair")) {
      command.addAll(List.of("-keyalg", "RSA", "-keysize", "2048", "-storetype", "PKCS12"));
    }
    // A PKCS#12 store's key takes the store's password; from the environment, so no process list shows it.
    command.addAll(List.of("-storepass:env", PASSWORD_VARIABLE, "-noprompt"));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().put(PASSWORD_VARIABLE, password);
    Process process = builder.start();
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

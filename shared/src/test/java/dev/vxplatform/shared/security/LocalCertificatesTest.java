package dev.vxplatform.shared.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCertificatesTest {

  @TempDir
  static Path dir;
  private static TlsConfig made;

  @BeforeAll
  static void make() throws Exception {
    made = LocalCertificates.inDirectory(dir.resolve("tls"));
  }

  @Test
  void leavesTheCaTheNodeChainAndAnOwnerOnlyKeyAndNothingElse() throws Exception {
    Path tls = dir.resolve("tls");
    assertThat(made).isEqualTo(new TlsConfig(tls.resolve("node.pem").toString(),
        tls.resolve("node-key.pem").toString(), tls.resolve("ca.pem").toString()));
    try (var files = Files.list(tls)) {
      assertThat(files.map(file -> file.getFileName().toString()))
          .as("no store, request or work folder left behind: the CA's key is gone")
          .containsExactlyInAnyOrder("ca.pem", "node.pem", "node-key.pem");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(made.keyFile()))))
        .isEqualTo("rw-------");
    assertThat(Files.readString(Path.of(made.keyFile()))).startsWith("-----BEGIN PRIVATE KEY-----\n");
  }

  @Test
  void nodeCertificateChainsToTheCaAndNamesTheLoopbackHost() throws Exception {
    List<X509Certificate> chain = certificates(Path.of(made.certFile()));
    X509Certificate ca = certificates(Path.of(made.caFile())).get(0);
    assertThat(chain).hasSize(2);
    X509Certificate node = chain.get(0);
    node.verify(ca.getPublicKey());
    assertThat(chain.get(1)).isEqualTo(ca);
    assertThat(ca.getBasicConstraints()).as("a CA").isGreaterThanOrEqualTo(0);
    assertThat(node.getBasicConstraints()).as("not a CA").isEqualTo(-1);
    List<String> names = node.getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1))).toList();
    assertThat(names).containsExactlyInAnyOrder("127.0.0.1", "localhost");
    assertThat(node.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
  }

  @Test
  void keyBelongsToTheNodeCertificate() throws Exception {
    String pem = Files.readString(Path.of(made.keyFile()));
    byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    byte[] message = "local cluster".getBytes(StandardCharsets.UTF_8);
    Signature signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(key);
    signer.update(message);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(certificates(Path.of(made.certFile())).get(0).getPublicKey());
    verifier.update(message);
    assertThat(verifier.verify(signature)).isTrue();
  }

  @Test
  void keepsWhatIsThereAndMakesAnewWhatIsIncomplete() throws Exception {
    Path tls = dir.resolve("tls");
    String ca = Files.readString(tls.resolve("ca.pem"));
    assertThat(LocalCertificates.inDirectory(tls)).isEqualTo(made);
    assertThat(Files.readString(tls.resolve("ca.pem"))).as("kept").isEqualTo(ca);

    Path partial = dir.resolve("partial");
    Files.createDirectories(partial);
    Files.writeString(partial.resolve("ca.pem"), ca);
    Files.writeString(partial.resolve("node.pem"), "not a certificate");
    TlsConfig again = LocalCertificates.inDirectory(partial);
    assertThat(Files.readString(Path.of(again.caFile()))).as("a new CA").isNotEqualTo(ca);
    certificates(Path.of(again.certFile())).get(0)
        .verify(certificates(Path.of(again.caFile())).get(0).getPublicKey());
  }

  private static List<X509Certificate> certificates(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      return CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
          .map(X509Certificate.class::cast).toList();
    }
  }
}

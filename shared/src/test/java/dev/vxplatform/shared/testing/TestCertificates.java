package dev.vxplatform.shared.testing;

import dev.vxplatform.shared.security.LocalCertificates;
import dev.vxplatform.shared.security.TlsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A throw-away certificate authority in a temporary directory: a {@link LocalCertificates} whose certificates are
 * valid for two days, issuing node certificates as the PEM files {@link TlsConfig} reads. Blocking: call from test
 * threads only.
 */
public final class TestCertificates {

  /** What the services' test certificates name: the hosts tests connect to. */
  public static final String LOOPBACK_NAMES = LocalCertificates.LOOPBACK_NAMES;
  private static final int VALIDITY_DAYS = 2;

  private final LocalCertificates authority;

  private TestCertificates(LocalCertificates authority) {
    this.authority = authority;
  }

  /** A new CA named {@code CN=name}, in a new temporary directory. */
  public static TestCertificates authority(String name) {
    try {
      return new TestCertificates(
          LocalCertificates.authority(Files.createTempDirectory("test-ca-"), name, VALIDITY_DAYS));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a test CA", e);
    }
  }

  /** The CA's certificate (PEM): what clients trust. */
  public Path caFile() {
    return authority.caFile();
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
    try {
      return authority.issue(node, subjectAlternativeNames);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot issue a test certificate for " + node, e);
    }
  }
}

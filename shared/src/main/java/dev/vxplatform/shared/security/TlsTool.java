package dev.vxplatform.shared.security;

import java.nio.file.Path;

/**
 * Local TLS files from the command line, what {@code infra/local-cluster.sh} runs with {@code TLS=1}
 * ({@code java -cp <any service jar> dev.vxplatform.shared.security.TlsTool}):
 * <pre>
 *   TlsTool certs DIR     makes ca.pem, node.pem and node-key.pem in DIR if absent (see {@link LocalCertificates});
 *                         prints the CA file, what clients trust (never the key)
 * </pre>
 */
public final class TlsTool {

  private static final String USAGE = "usage: TlsTool certs DIR";

  private TlsTool() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 2 || !args[0].equals("certs")) {
      System.err.println("tls: give the command certs and a directory\n" + USAGE);
      System.exit(2);
    }
    TlsConfig files = LocalCertificates.inDirectory(Path.of(args[1]));
    System.out.println(Path.of(files.caFile()).toAbsolutePath());
  }
}

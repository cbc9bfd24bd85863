package dev.vxplatform.devdb;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.regex.Pattern;

/**
 * The client authentication file for a server that also takes the nodes of a private subnet (the launcher's network
 * namespaces): PostgreSQL's own file trusts only this machine's connections (initdb {@code -A trust}), and its
 * {@code hba_file} setting can name another. Written beside the data directory, so initdb's file stays as it was.
 */
final class TrustedSubnet {

  private static final Pattern IPV4_CIDR = Pattern.compile("(\\d{1,3}\\.){3}\\d{1,3}/\\d{1,2}");

  private TrustedSubnet() {
  }

  /** @param subnet an IPv4 CIDR such as {@code 10.213.0.0/24} */
  static File hbaFile(File dataDirectory, String subnet) {
    if (!IPV4_CIDR.matcher(subnet).matches()) {
      throw new IllegalArgumentException("PG_TRUSTED_SUBNET must be an IPv4 CIDR such as 10.213.0.0/24, not "
          + subnet);
    }
    File file = new File(dataDirectory.getParentFile(), "pg_hba-trusted-subnet.conf");
    String rules = String.join("\n",
        "# Written by dev-database for PG_TRUSTED_SUBNET; PostgreSQL reads it instead of the data directory's.",
        "local all all trust",
        "host all all 127.0.0.1/32 trust",
        "host all all ::1/128 trust",
        "host all all " + subnet + " trust",
        "");
    try {
      Files.createDirectories(file.toPath().getParent());
      Files.writeString(file.toPath(), rules, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }
}

package dev.vxplatform.shared.security;

import java.nio.file.Path;

/**
 * The local key pair from the command line, what {@code infra/local-cluster.sh} runs
 * ({@code java -cp <any service jar> dev.vxplatform.shared.security.TokenTool}):
 * <pre>
 *   TokenTool keys DIR                          makes the pair in DIR if absent; prints the public key file
 *   TokenTool token DIR [--sub ada] [--scope "A B"] [--ttl 3600]
 *                                               prints a token signed with the pair in DIR
 * </pre>
 */
public final class TokenTool {

  public static final String DEFAULT_SUBJECT = "ada";
  public static final long DEFAULT_TTL_SECONDS = 3600;
  private static final String USAGE = "usage: TokenTool keys DIR | TokenTool token DIR [--sub ada]"
      + " [--scope \"" + Scopes.CUSTOMER + "\"] [--ttl " + DEFAULT_TTL_SECONDS + "]";

  private TokenTool() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      usage("give a command and the key directory");
    }
    Path dir = Path.of(args[1]);
    switch (args[0]) {
      case "keys" -> {
        LocalKeys.inDirectory(dir);
        System.out.println(dir.resolve(LocalKeys.PUBLIC_FILE).toAbsolutePath());
      }
      case "token" -> System.out.println(token(dir, args));
      default -> usage("unknown command " + args[0]);
    }
  }

  private static String token(Path dir, String[] args) throws Exception {
    String subject = DEFAULT_SUBJECT;
    String scopes = Scopes.CUSTOMER;
    long ttl = DEFAULT_TTL_SECONDS;
    if (args.length % 2 != 0) {
      usage("every option takes a value");
    }
    for (int i = 2; i < args.length; i += 2) {
      switch (args[i]) {
        case "--sub" -> subject = args[i + 1];
        case "--scope" -> scopes = args[i + 1];
        case "--ttl" -> ttl = parseTtl(args[i + 1]);
        default -> usage("unknown option " + args[i]);
      }
    }
    if (subject.isBlank()) {
      usage("--sub must not be blank");
    }
    return LocalKeys.inDirectory(dir).token(subject, scopes, ttl);
  }

  private static long parseTtl(String value) {
    try {
      long ttl = Long.parseLong(value);
      if (ttl >= 1) {
        return ttl;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    usage("--ttl must be a whole number of seconds, at least 1");
    return 0;
  }

  private static void usage(String problem) {
    System.err.println("token: " + problem + "\n" + USAGE);
    System.exit(2);
  }
}

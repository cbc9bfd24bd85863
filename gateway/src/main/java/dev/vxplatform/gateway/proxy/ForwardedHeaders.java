package dev.vxplatform.gateway.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Header rewriting of a proxy: hop-by-hop headers out, X-Forwarded-* and X-Request-Id in. Runs twice per
 * request on the hot path, hence the length switch instead of a set lookup and the pre-hashed header names.
 */
final class ForwardedHeaders {

  static final CharSequence REQUEST_ID = HttpHeaders.createOptimized("X-Request-Id");
  static final CharSequence IDEMPOTENCY_KEY = HttpHeaders.createOptimized("Idempotency-Key");
  private static final CharSequence FORWARDED_FOR = HttpHeaders.createOptimized("X-Forwarded-For");
  private static final CharSequence FORWARDED_PROTO = HttpHeaders.createOptimized("X-Forwarded-Proto");
  private static final CharSequence FORWARDED_HOST = HttpHeaders.createOptimized("X-Forwarded-Host");
  private static final int MAX_REQUEST_ID_LENGTH = 128;

  private ForwardedHeaders() {
  }

  /** The client's id when it is sane (printable ASCII, bounded), else a fresh random one. */
  static String requestId(HttpServerRequest request) {
    String given = request.getHeader(REQUEST_ID);
    if (given != null && !given.isEmpty() && given.length() <= MAX_REQUEST_ID_LENGTH
        && given.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      return given;
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }

  /** Copies the client's headers into {@code out} (the instance's request), rewritten for forwarding. */
  static void toUpstream(HttpServerRequest request, String requestId, MultiMap out) {
    MultiMap in = request.headers();
    Set<String> named = connectionTokens(in.get(HttpHeaders.CONNECTION));
    for (Map.Entry<String, String> header : in) {
      String name = header.getKey();
      if (!isHopByHop(name) && !isRequestOnly(name) && !named.contains(name)) {
        out.add(name, header.getValue());
      }
    }
    SocketAddress remote = request.remoteAddress();
    String client = remote == null ? "unknown" : remote.hostAddress();
    String chain = in.get(FORWARDED_FOR);
    out.set(FORWARDED_FOR, chain == null || chain.isBlank() ? client : chain + ", " + client);
    // An edge proxy in front of us knows the original scheme and host better than we do: keep theirs.
    if (!out.contains(FORWARDED_PROTO)) {
      out.set(FORWARDED_PROTO, request.scheme() == null ? "http" : request.scheme());
    }
    String host = in.get(HttpHeaders.HOST);
    if (host != null && !out.contains(FORWARDED_HOST)) {
      out.set(FORWARDED_HOST, host);
    }
    out.set(REQUEST_ID, requestId);
  }

  /** Copies the instance's response headers into {@code out} (the client's response). */
  static void toClient(MultiMap upstream, MultiMap out, String requestId) {
    Set<String> named = connectionTokens(upstream.get(HttpHeaders.CONNECTION));
    for (Map.Entry<String, String> header : upstream) {
      String name = header.getKey();
      boolean ours = name.length() == 12 && name.equalsIgnoreCase("X-Request-Id");
      if (!ours && !isHopByHop(name) && !named.contains(name)) {
        out.add(name, header.getValue());
      }
    }
    out.set(REQUEST_ID, requestId);
  }

  /** RFC 9110 §7.6.1 connection-specific headers, plus Proxy-Connection. */
  static boolean isHopByHop(String name) {
    return switch (name.length()) {
      case 2 -> name.equalsIgnoreCase("TE");
      case 7 -> name.equalsIgnoreCase("Upgrade") || name.equalsIgnoreCase("Trailer");
      case 10 -> name.equalsIgnoreCase("Connection") || name.equalsIgnoreCase("Keep-Alive");
      case 16 -> name.equalsIgnoreCase("Proxy-Connection");
      case 17 -> name.equalsIgnoreCase("Transfer-Encoding");
      case 18 -> name.equalsIgnoreCase("Proxy-Authenticate");
      case 19 -> name.equalsIgnoreCase("Proxy-Authorization");
      default -> false;
    };
  }

  /**
   * Host is the instance's; Expect is answered by the gateway itself; the W3C trace context is the gateway's attempt
   * span's, which Vert.x's tracer writes (the client's would make the instance's span a sibling of the attempt).
   */
  private static boolean isRequestOnly(String name) {
    return switch (name.length()) {
      case 4 -> name.equalsIgnoreCase("Host");
      case 6 -> name.equalsIgnoreCase("Expect");
      case 10 -> name.equalsIgnoreCase("tracestate");
      case 11 -> name.equalsIgnoreCase("traceparent");
      default -> false;
    };
  }

  /** Headers listed in Connection are hop-by-hop too (RFC 9110 §7.6.1). */
  private static Set<String> connectionTokens(String connection) {
    if (connection == null || connection.isEmpty()) {
      return Set.of();
    }
    Set<String> tokens = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    for (String token : connection.split(",")) {
      tokens.add(token.trim());
    }
    return tokens;
  }

  /** Whether a response with this status to this method carries a body (RFC 9110). */
  static boolean mayHaveBody(HttpMethod method, int status) {
    return method != HttpMethod.HEAD && status >= 200 && status != 204 && status != 304;
  }
}

package dev.vxplatform.loadtests.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * A seeded generator of hostile HTTP/1.1 requests: the platform's real routes, mutated, with random methods, headers,
 * content types and bodies (forms and multipart, binary, invalid UTF-8, deep nesting, huge numbers, bodies on GET,
 * oversized URIs, headers and bodies) and valid, missing or forged tokens, framed by Content-Length or chunked.
 * Each request is well framed, so the server can always answer it; framing lies are {@link ProtocolAbuse}'s. The
 * same seed gives the same requests.
 */
public final class HostileRequests {

  /** @param head a HEAD request, whose answer has no body */
  public record Request(String label, byte[] bytes, boolean head) {
  }

  private static final List<String> METHODS = List.of("GET", "GET", "POST", "POST", "PUT", "PATCH", "DELETE",
      "OPTIONS", "HEAD", "TRACE", "FOO", "get");
  private static final List<String> CONTENT_TYPES = List.of("application/json", "application/json; charset=utf-8",
      "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=XyZ", "multipart/form-data",
      "application/octet-stream", "x/y;;;=", "", "application/json; charset=latin-17");
  private static final List<String> PATH_JUNK = List.of("%zz", "%00", "%c3%28", "%2e%2e/%2e%2e", "/../..", "//",
      "é", ";x=1", "%ff%fe", "{}", "%", "~", "\u00a0");
  private static final List<String> QUERIES = List.of("?customerId=%zz", "?page=-1&size=99999999999999999999",
      "?a=1&a=2&a", "?customerId=" + "x".repeat(2000), "?%00=%00", "?size=1e400", "?after=%c3%28", "?#frag");

  private final Random random;
  private final List<String> paths;
  private final List<String> authorizations;
  private int count;

  /**
   * @param paths          real routes; {@code {id}} stands for an id, which is made up (or garbage) each time
   * @param authorizations valid {@code Authorization} values, sent with most requests so that they get past the
   *                       token checks to the code behind them; the rest carry none or a forged one
   */
  public HostileRequests(long seed, List<String> paths, List<String> authorizations) {
    this.random = new Random(seed);
    this.paths = paths;
    this.authorizations = List.copyOf(authorizations);
  }

  public Request next() {
    String method = pick(METHODS);
    String path = path();
    byte[] body = random.nextInt(4) == 0 ? new byte[0] : body();
    boolean chunked = body.length > 0 && random.nextInt(5) == 0;
    StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    head.append("Host: 127.0.0.1\r\nConnection: close\r\n");
    if (body.length > 0 || random.nextInt(3) == 0) {
      head.append("Content-Type: ").append(pick(CONTENT_TYPES)).append("\r\n");
    }
    authorization(head);
    headers(head);
    head.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n");
    head.append("\r\n");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
    if (chunked) {
      int half = body.length / 2;
      chunk(bytes, body, 0, half);
      chunk(bytes, body, half, body.length);
      bytes.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    } else {
      bytes.writeBytes(body);
    }
    String label = "#" + (++count) + " " + method + " " + abbreviate(path) + " (" + body.length + " bytes"
        + (chunked ? ", chunked" : "") + ")";
    return new Request(label, bytes.toByteArray(), method.equals("HEAD"));
  }

  private String path() {
    String path = pick(paths).replace("{id}", switch (random.nextInt(4)) {
      case 0 -> UUID.randomUUID().toString();
      case 1 -> "SKU-000" + (1 + random.nextInt(9));
      case 2 -> pick(PATH_JUNK);
      default -> "x".repeat(1 + random.nextInt(300));
    });
    switch (random.nextInt(8)) {
      case 0 -> path += "/" + pick(PATH_JUNK);
      case 1 -> path = path.replaceFirst("/", "/" + pick(PATH_JUNK) + "/");
      case 2 -> path += "/" + "a".repeat(1000 + random.nextInt(9000)); // past the 4,096-byte request line
      default -> {
      }
    }
    return random.nextInt(4) == 0 ? path + pick(QUERIES) : path;
  }

  private void authorization(StringBuilder head) {
    switch (random.nextInt(8)) {
      case 0 -> {
      }
      case 1 -> head.append("Authorization: Bearer ").append("e".repeat(random.nextInt(200))).append("\r\n");
      case 2 -> head.append("Authorization: Basic YTpi\r\n");
      case 3 -> head.append("Authorization: Bearer ").append("e".repeat(9_000)).append("\r\n");
      default -> head.append("Authorization: ").append(pick(authorizations)).append("\r\n");
    }
  }

  private void headers(StringBuilder head) {
    switch (random.nextInt(10)) {
      case 0 -> head.append("Idempotency-Key: ").append(UUID.randomUUID()).append("\r\n");
      case 1 -> head.append("Idempotency-Key: ").append("k".repeat(random.nextInt(600))).append("\r\n");
      case 2 -> head.append("X-Filler: ").append("f".repeat(9000 + random.nextInt(9000))).append("\r\n");
      case 3 -> head.append("Accept: */*;q=abc, text/html;;\r\nAccept-Encoding: gzip, br, zz\r\n");
      case 4 -> head.append("Content-Encoding: gzip\r\n");
      case 5 -> {
        for (int i = 0; i < 150; i++) {
          head.append("X-Many-").append(i).append(": ").append(i).append("\r\n");
        }
      }
      case 6 -> head.append("Authorization: Bearer a.b.c\r\n"); // a second one: which counts?
      default -> {
      }
    }
  }

  private byte[] body() {
    String text = switch (random.nextInt(13)) {
      case 0 -> "{\"customerId\":\"c-1\",\"items\":[{\"sku\":\"SKU-0001\",\"qty\":1}]}";
      case 1 -> "{\"customerId\":7,\"items\":\"none\",\"qty\":-1}";
      case 2 -> "[".repeat(20_000 + random.nextInt(40_000));
      case 3 -> "{\"customerId\":\"c\",\"items\":[{\"sku\":\"SKU-0001\",\"qty\":1" + "0".repeat(400) + "}]}";
      case 4 -> "{\"qty\":1e400,\"n\":-0.0e-999,\"items\":[{\"sku\":\"SKU-0001\",\"qty\":9223372036854775808}]}";
      case 5 -> "{\"customerId\":\"c\",\"items\":[";
      case 6 -> "a=1&b=%zz&c";
      case 7 -> "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\n\r\nhello\r\n--XyZ--\r\n";
      case 8 -> "{\"big\":\"" + "b".repeat(70_000) + "\"}"; // past the 64 KB body limit
      case 9 -> "{\"customerId\":\"c\\u0000\",\"items\":[{\"sku\":\"SKU-0001\\u0007\",\"qty\":1}],"
          + "\"orderId\":\"o\\u0000\"}";
      default -> null;
    };
    if (text != null) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    byte[] binary = new byte[1 + random.nextInt(2_000)];
    random.nextBytes(binary);
    if (random.nextBoolean()) {
      System.arraycopy(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xc3, (byte) 0x28, '"', '}'}, 0, binary, 0,
          Math.min(10, binary.length));
    }
    return binary;
  }

  private static void chunk(ByteArrayOutputStream out, byte[] body, int from, int to) {
    if (to > from) {
      out.writeBytes((Integer.toHexString(to - from) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body, from, to - from);
      out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
  }

  private <T> T pick(List<T> from) {
    return from.get(random.nextInt(from.size()));
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }
}

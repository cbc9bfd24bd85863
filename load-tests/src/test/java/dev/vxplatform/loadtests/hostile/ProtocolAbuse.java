package dev.vxplatform.loadtests.hostile;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Requests no client library would send, each a known attack on HTTP/1.1 parsing: oversized request lines and
 * headers, malformed request lines and headers, conflicting or invalid framing (request smuggling's raw material),
 * broken chunk sizes. Each says what the server must do with it ({@link Expect}): the answers Vert.x gives before
 * any code of ours runs are pinned here too, so that a change in them shows.
 */
public final class ProtocolAbuse {

  /** What the server must do with a case. */
  public enum Expect {
    /** A 4xx problem. */
    REFUSED,
    /** Odd but valid HTTP: any answer below 500, a 2xx included. */
    ANSWERED,
    /**
     * Close the connection without an answer: the body's framing broke after the request was handed to a handler,
     * and Vert.x closes the connection on the decoder's failure before anything can answer.
     */
    CLOSED,
    /** Vert.x's own 501 for an HTTP version it does not speak, sent before any handler (HTTP would have 505). */
    NOT_IMPLEMENTED
  }

  public record Case(String name, byte[] bytes, Expect expect) {
  }

  private ProtocolAbuse() {
  }

  /** Every case, against {@code path} (a route that answers GET). */
  public static List<Case> cases(String path) {
    String host = "Host: 127.0.0.1\r\n";
    return List.of(
        refused("request line past the limit", "GET " + path + "?q=" + "x".repeat(20_000) + " HTTP/1.1\r\n" + host
            + "\r\n"),
        refused("one header past the limit", "GET " + path + " HTTP/1.1\r\n" + host + "X-Big: " + "y".repeat(20_000)
            + "\r\n\r\n"),
        refused("not HTTP at all", "HELLO THERE\r\n\r\n"),
        refused("header line without a colon", "GET " + path + " HTTP/1.1\r\n" + host + "NoColonHere\r\n\r\n"),
        refused("space before the colon", "GET " + path + " HTTP/1.1\r\n" + host + "X-Sp : v\r\n\r\n"),
        notImplemented("unknown HTTP version", "GET " + path + " HTTP/7.3\r\n" + host + "\r\n"),
        refused("negative Content-Length", "POST " + path + " HTTP/1.1\r\n" + host + "Content-Length: -1\r\n\r\n"),
        refused("Content-Length not a number", "POST " + path + " HTTP/1.1\r\n" + host
            + "Content-Length: ten\r\n\r\n"),
        refused("two different Content-Lengths", "POST " + path + " HTTP/1.1\r\n" + host
            + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}"),
        refused("Content-Length and chunked at once", "POST " + path + " HTTP/1.1\r\n" + host
            + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        refused("unknown Transfer-Encoding", "POST " + path + " HTTP/1.1\r\n" + host
            + "Transfer-Encoding: sideways\r\n\r\n{}"),
        closed("chunk size not hexadecimal", "POST " + path + " HTTP/1.1\r\n" + host
            + "Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"),
        refused("NUL byte in a header value", "GET " + path + " HTTP/1.1\r\n" + host + "X-Nul: a\u0000b\r\n\r\n"),
        odd("obsolete line folding", "GET " + path + " HTTP/1.1\r\n" + host + "X-Fold: a\r\n b\r\n\r\n"),
        refused("thousand small headers", "GET " + path + " HTTP/1.1\r\n" + host
            + "X-H: 1234567890\r\n".repeat(1_000) + "\r\n"),
        odd("bare LF line ends", "GET " + path + " HTTP/1.1\nHost: 127.0.0.1\nConnection: close\n\n"),
        odd("HTTP/1.0 without Host", "GET " + path + " HTTP/1.0\r\n\r\n"),
        odd("absolute URI as the target", "GET http://127.0.0.1" + path + " HTTP/1.1\r\n" + host
            + "Connection: close\r\n\r\n"),
        closed("huge chunk extension", "POST " + path + " HTTP/1.1\r\n" + host + "Connection: close\r\n"
            + "Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n2;" + "e".repeat(9_000)
            + "\r\n{}\r\n0\r\n\r\n"));
  }

  private static Case refused(String name, String request) {
    return new Case(name, request.getBytes(StandardCharsets.ISO_8859_1), Expect.REFUSED);
  }

  private static Case odd(String name, String request) {
    return new Case(name, request.getBytes(StandardCharsets.ISO_8859_1), Expect.ANSWERED);
  }

  private static Case closed(String name, String request) {
    return new Case(name, request.getBytes(StandardCharsets.ISO_8859_1), Expect.CLOSED);
  }

  private static Case notImplemented(String name, String request) {
    return new Case(name, request.getBytes(StandardCharsets.ISO_8859_1), Expect.NOT_IMPLEMENTED);
  }
}

package dev.vxplatform.loadtests.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * One HTTP/1.1 exchange on a fresh connection, with the request's bytes exactly as given: what a hostile client
 * sends (no client library would), and the first final answer the server gives. An answer that never comes (the
 * server closed or reset the connection first, or stayed silent) is a {@link Answer#dropped()} one.
 */
public final class RawHttp {

  /** @param status 0 when dropped; {@code headers} with lower-case names */
  public record Answer(int status, Map<String, String> headers, byte[] body, String dropped) {

    public boolean isDropped() {
      return dropped != null;
    }

    public String contentType() {
      return headers.getOrDefault("content-type", "");
    }

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private RawHttp() {
  }

  public static Answer exchange(int port, byte[] request, boolean head, Duration timeout) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
      } catch (IOException e) {
        // The server may answer (and close) before it read everything: a 413 or 431 while the rest is in flight.
      }
      InputStream in = socket.getInputStream();
      while (true) {
        String head0 = readHead(in);
        if (head0 == null) {
          return dropped("the connection closed before an answer");
        }
        Answer answer = parse(head0, in, head);
        if (answer.status() >= 200 || answer.isDropped()) {
          return answer;
        }
      }
    } catch (IOException e) {
      return dropped(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private static Answer dropped(String why) {
    return new Answer(0, Map.of(), new byte[0], why);
  }

  /** The status line and headers, up to the blank line; null if the stream ends first. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
      if (matched == 4) {
        return head.toString(StandardCharsets.ISO_8859_1);
      }
    }
    return null;
  }

  private static Answer parse(String head, InputStream in, boolean headRequest) throws IOException {
    String[] lines = head.split("\r\n");
    String[] statusLine = lines[0].split(" ", 3);
    if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
      return dropped("not an HTTP answer: " + lines[0]);
    }
    int status = Integer.parseInt(statusLine[1]);
    Map<String, String> headers = new HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(), lines[i].substring(colon + 1).trim());
      }
    }
    if (headRequest || status < 200 || status == 204 || status == 304) {
      return new Answer(status, headers, new byte[0], null);
    }
    byte[] body;
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = readChunked(in);
    } else if (headers.containsKey("content-length")) {
      body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
    } else {
      body = in.readAllBytes();
    }
    return new Answer(status, headers, body, null);
  }

  private static byte[] readChunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = readLine(in);
      int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
      if (size == 0) {
        readLine(in); // the blank line after the last chunk (no trailers are sent)
        return body.toByteArray();
      }
      body.write(in.readNBytes(size));
      readLine(in);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }
}

package dev.vxplatform.loadtests.compose;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The compose file's Jaeger, made local: a tiny real OTLP/HTTP receiver on loopback that keeps every export it is
 * sent ({@code POST /v1/traces}, protobuf) and answers 200, as a collector does.
 */
final class OtlpSink implements AutoCloseable {

  private final HttpServer server;
  private final List<byte[]> exports = new CopyOnWriteArrayList<>();

  private OtlpSink(HttpServer server) {
    this.server = server;
  }

  static OtlpSink start() {
    try {
      OtlpSink sink = new OtlpSink(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
      sink.server.createContext("/v1/traces", exchange -> {
        sink.exports.add(exchange.getRequestBody().readAllBytes());
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
      });
      sink.server.start();
      return sink;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What {@code OTEL_EXPORTER_OTLP_ENDPOINT} names: the base URL, to which the SDK adds {@code /v1/traces}. */
  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * Whether an export from {@code service} arrived: its resource's {@code service.name} is a protobuf string, so the
   * name's bytes follow its length byte.
   */
  boolean received(String service) {
    byte[] name = service.getBytes(StandardCharsets.UTF_8);
    return exports.stream().anyMatch(export -> contains(export, name));
  }

  private static boolean contains(byte[] export, byte[] name) {
    for (int at = 1; at + name.length <= export.length; at++) {
      if (export[at - 1] == name.length && Arrays.equals(export, at, at + name.length, name, 0, name.length)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

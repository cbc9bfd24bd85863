package dev.vxplatform.loadtests.compose;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Blocking HTTP to 127.0.0.1 for the test thread; every call bounded in time. */
final class Http {

  /** Status and body; status 0 when nothing answered in time. */
  record Answer(int status, String body) {
  }

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private Http() {
  }

  static Answer get(int port, String path) {
    return send(request(port, path, Duration.ofSeconds(5)).GET().build());
  }

  /** A JSON POST with extra headers, name and value in turn: {@code "Idempotency-Key", key, "Authorization", ...}. */
  static Answer postJson(int port, String path, String json, String... headers) {
    HttpRequest.Builder request = request(port, path, Duration.ofSeconds(10))
        .header("Content-Type", "application/json");
    if (headers.length > 0) {
      request.headers(headers);
    }
    return send(request.POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  /** A GET that may take long (it waits on a hung instance); its answer is not awaited. */
  static CompletableFuture<HttpResponse<String>> getLater(int port, String path, Duration timeout) {
    return CLIENT.sendAsync(request(port, path, timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  static int status(int port, String path) {
    return get(port, path).status();
  }

  private static HttpRequest.Builder request(int port, String path, Duration timeout) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(timeout);
  }

  private static Answer send(HttpRequest request) {
    try {
      HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body());
    } catch (IOException e) {
      return new Answer(0, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(0, "interrupted");
    }
  }
}

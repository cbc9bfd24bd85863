package dev.vxplatform.loadtests.compose;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Blocking HTTP/1.1 to 127.0.0.1 for the test thread; every call bounded in time, body included. HTTP/1.1 as
 * Prometheus and curl speak it: with the JDK client's default, an h2c upgrade on a fresh connection, about one
 * request in ten hung for good when its answer was large (18 KB, as /metrics is; measured against a Vert.x 5.0.7
 * server on JDK 17.0.15; none on a connection already upgraded, none over HTTP/1.1), and the request timeout, which
 * covers the wait for the headers only, did not end it.
 */
final class Http {

  /** Status and body; status 0 when nothing answered in time. */
  record Answer(int status, String body) {
  }

  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

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

  /** The request's timeout bounds the wait for the headers only; this bounds the body too. */
  private static Answer send(HttpRequest request) {
    Duration timeout = request.timeout().orElseThrow();
    CompletableFuture<HttpResponse<String>> response = CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    try {
      HttpResponse<String> answer = response.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return new Answer(answer.statusCode(), answer.body());
    } catch (ExecutionException e) {
      return new Answer(0, e.getCause().toString());
    } catch (TimeoutException e) {
      response.cancel(true);
      return new Answer(0, "no complete answer in " + timeout.toMillis() + " ms: " + request.uri());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(0, "interrupted");
    }
  }
}

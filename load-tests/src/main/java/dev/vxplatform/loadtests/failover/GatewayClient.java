package dev.vxplatform.loadtests.failover;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * HTTP to the gateway, at its host (127.0.0.1, or its address in a network namespace). One call is one {@link Attempt}: it never fails, a connect error or a
 * timeout is an attempt with status 0. {@link #send} also hands back the decoded JSON body for callers that read it.
 */
final class GatewayClient implements AutoCloseable {

  static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private final WebClient client;
  private final long timeoutMillis;
  private volatile String authorization;

  /** @param timeoutMillis longer than the gateway's own worst case (timeouts × retries), so the gateway answers */
  GatewayClient(Vertx vertx, String host, int port, int poolSize, long timeoutMillis) {
    this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost(host).setDefaultPort(port)
        .setConnectTimeout(2_000).setKeepAlive(true).setUserAgent("vxplatform-failover-check"),
        new PoolOptions().setHttp1MaxSize(poolSize));
    this.timeoutMillis = timeoutMillis;
  }

  /** Sends {@code authorization} with every request from now on. */
  void authorize(String authorization) {
    this.authorization = authorization;
  }

  /** An answer (or none) with its body decoded as a JSON object when it is one. */
  record Reply(Attempt attempt, JsonObject body, String retryAfter) {
    int status() {
      return attempt.status();
    }
  }

  Future<Reply> send(HttpMethod method, String path, JsonObject body, String idempotencyKey) {
    HttpRequest<Buffer> request = client.request(method, path).timeout(timeoutMillis);
    if (authorization != null) {
      request.putHeader("Authorization", authorization);
    }
    if (idempotencyKey != null) {
      request.putHeader(IDEMPOTENCY_KEY, idempotencyKey);
    }
    long start = System.currentTimeMillis();
    Future<HttpResponse<Buffer>> response = body == null ? request.send() : request.sendJsonObject(body);
    return response.map(answer -> reply(start, answer))
        .otherwise(failure -> new Reply(new Attempt(start, System.currentTimeMillis(), 0, describe(failure), null),
            null, null));
  }

  Future<Reply> get(String path) {
    return send(HttpMethod.GET, path, null, null);
  }

  /** A GET straight to one node (set-up checks only; the workload goes through the gateway). */
  Future<Reply> getFrom(String nodeHost, int port, String path) {
    long start = System.currentTimeMillis();
    return client.request(HttpMethod.GET, port, nodeHost, path).timeout(timeoutMillis).send()
        .map(answer -> reply(start, answer))
        .otherwise(failure -> new Reply(new Attempt(start, System.currentTimeMillis(), 0, describe(failure), null),
            null, null));
  }

  private static Reply reply(long start, HttpResponse<Buffer> answer) {
    JsonObject json = json(answer.body());
    String orderId = null;
    if (json != null) {
      orderId = json.getValue("orderId") instanceof String id ? id
          : json.getValue("id") instanceof String id ? id : null;
    }
    return new Reply(new Attempt(start, System.currentTimeMillis(), answer.statusCode(), problem(answer, json),
        orderId), json, answer.getHeader("Retry-After"));
  }

  /** For an error status, what the answer said (the problem's title and detail, or the start of its body). */
  private static String problem(HttpResponse<Buffer> answer, JsonObject json) {
    if (answer.statusCode() < 400) {
      return null;
    }
    String text = json != null ? json.getString("title") + ": " + json.getString("detail")
        : answer.body() == null ? "(no body)" : answer.bodyAsString();
    return text.length() > 200 ? text.substring(0, 200) : text;
  }

  private static JsonObject json(Buffer body) {
    if (body == null || body.length() == 0 || body.getByte(0) != '{') {
      return null;
    }
    try {
      return body.toJsonObject();
    } catch (DecodeException e) {
      return null;
    }
  }

  /** Short and stable, so failures group in the report: "timeout", "connection refused", "reset", ... */
  static String describe(Throwable failure) {
    String text = String.valueOf(failure.getMessage()).toLowerCase();
    String type = failure.getClass().getSimpleName();
    if (type.contains("Timeout") || text.contains("timeout") || text.contains("timed out")) {
      return "timeout";
    }
    if (text.contains("refused")) {
      return "connection refused";
    }
    if (text.contains("reset") || text.contains("closed")) {
      return "connection closed";
    }
    return type + ": " + failure.getMessage();
  }

  @Override
  public void close() {
    client.close();
  }
}

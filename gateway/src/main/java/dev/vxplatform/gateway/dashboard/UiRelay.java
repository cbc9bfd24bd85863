package dev.vxplatform.gateway.dashboard;

import dev.vxplatform.shared.web.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * {@code /ui/api/*} on the management port: the dashboard's order form and stock view call the public API through
 * here, so the page stays on one origin (no CORS on the public port). Each call goes to the gateway's own public
 * port and through everything a client's request meets there: token check, rate limits, routing, retries.
 */
final class UiRelay {

  static final String PREFIX = "/ui/api/";
  private static final List<String> REQUEST_HEADERS = List.of("Authorization", "Content-Type", "Accept",
      "Idempotency-Key");
  private static final List<String> RESPONSE_HEADERS = List.of("Content-Type", "Location", "Retry-After",
      "WWW-Authenticate");
  private static final long TIMEOUT_MILLIS = 15_000;

  private final HttpClient client;
  private final String host;
  private final IntSupplier port;

  /** @param port the public port, known once the proxy servers listen */
  UiRelay(HttpClient client, String host, IntSupplier port) {
    this.client = client;
    this.host = host;
    this.port = port;
  }

  void handle(RoutingContext ctx) {
    String uri = "/api/" + ctx.request().uri().substring(PREFIX.length());
    RequestOptions options = new RequestOptions().setMethod(ctx.request().method()).setHost(host)
        .setPort(port.getAsInt()).setURI(uri).setTimeout(TIMEOUT_MILLIS);
    REQUEST_HEADERS.forEach(name -> {
      String value = ctx.request().getHeader(name);
      if (value != null) {
        options.putHeader(name, value);
      }
    });
    Buffer body = ctx.body().buffer();
    client.request(options)
        .compose(request -> body == null ? request.send() : request.send(body))
        .compose(response -> response.body().compose(answer -> reply(ctx, response, answer)))
        // The public port did not answer (or not in time): the gateway's fault, not the page's.
        .onFailure(failure -> ctx.fail(new ProblemException(502, "Bad gateway",
            "the gateway's public port did not answer the relay: " + failure.getMessage())));
  }

  private static Future<Void> reply(RoutingContext ctx, HttpClientResponse response, Buffer answer) {
    ctx.response().setStatusCode(response.statusCode());
    RESPONSE_HEADERS.forEach(name -> {
      String value = response.getHeader(name);
      if (value != null) {
        ctx.response().putHeader(name, value);
      }
    });
    return ctx.response().end(answer);
  }
}

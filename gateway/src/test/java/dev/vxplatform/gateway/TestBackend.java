package dev.vxplatform.gateway;

import static dev.vxplatform.shared.testing.TestCluster.await;
import static dev.vxplatform.shared.testing.TestCluster.waitUntil;

import dev.vxplatform.shared.discovery.RegistryOptions;
import dev.vxplatform.shared.discovery.ServiceRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A tiny real HTTP instance of a service, published in discovery like any service: it echoes what it received,
 * or misbehaves on demand (fixed status, delay, holding requests), and can be closed abruptly.
 */
final class TestBackend extends VerticleBase {

  enum Mode { ECHO, STATUS, HOLD }

  /** What a 503 in STATUS mode asks the client to wait, in seconds. */
  static final String RETRY_AFTER_SECONDS = "7";

  final String service;
  final String name;
  private final JsonObject metadata;
  /** Every request fully received, as {method, uri, headers, bodyLength}. */
  final List<JsonObject> seen = new CopyOnWriteArrayList<>();
  volatile Mode mode = Mode.ECHO;
  volatile int status = 500;
  volatile long delayMillis;
  private final List<HttpServerRequest> held = new ArrayList<>();
  private volatile int heldCount;
  private Context context;
  private HttpServer server;
  private ServiceRegistry registry;

  private TestBackend(String service, String name, JsonObject metadata) {
    this.service = service;
    this.name = name;
    this.metadata = metadata;
  }

  /** Deploys a backend on {@code node} and returns once it listens and is published. */
  static TestBackend start(Vertx node, String service, String name) {
    return start(node, service, name, new JsonObject());
  }

  static TestBackend start(Vertx node, String service, String name, JsonObject metadata) {
    TestBackend backend = new TestBackend(service, name, metadata);
    await(node.deployVerticle(backend));
    return backend;
  }

  @Override
  public Future<?> start() {
    context = vertx.getOrCreateContext();
    registry = ServiceRegistry.create(vertx, RegistryOptions.defaults());
    return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(this::handle)
        .listen()
        .compose(listening -> {
          server = listening;
          return registry.publishHttpEndpoint(service, "127.0.0.1", listening.actualPort(), metadata);
        });
  }

  private void handle(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      JsonObject headers = new JsonObject();
      request.headers().forEach(header -> headers.put(header.getKey().toLowerCase(), header.getValue()));
      JsonObject echo = new JsonObject()
          .put("backend", name)
          .put("method", request.method().name())
          .put("uri", request.uri())
          .put("headers", headers)
          .put("bodyLength", body.length());
      seen.add(echo);
      switch (mode) {
        case STATUS -> {
          if (status == 503) {
            request.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
          }
          request.response().setStatusCode(status).end("failure from " + name);
        }
        case HOLD -> {
          held.add(request);
          heldCount = held.size();
        }
        case ECHO -> {
          if (delayMillis > 0) {
            vertx.setTimer(delayMillis, id -> reply(request, echo));
          } else {
            reply(request, echo);
          }
        }
      }
    });
  }

  private static void reply(HttpServerRequest request, JsonObject echo) {
    if (!request.response().closed()) {
      request.response().putHeader("Content-Type", "application/json").end(echo.toBuffer());
    }
  }

  int port() {
    return server.actualPort();
  }

  int received() {
    return seen.size();
  }

  long received(String method) {
    return seen.stream().filter(echo -> method.equals(echo.getString("method"))).count();
  }

  int held() {
    return heldCount;
  }

  /** Answers every held request (echo). */
  void release() {
    onContext(() -> {
      held.forEach(request -> reply(request, new JsonObject().put("backend", name).put("released", true)));
      held.clear();
      heldCount = 0;
      return Future.succeededFuture();
    });
  }

  /** Closes the listening socket and every connection at once; the discovery record stays. */
  void closeAbruptly() {
    int port = port();
    onContext(() -> server.close());
    // The close has returned, but on a busy machine a connection can still be accepted and then reset for a moment
    // (seen in CI: "Connection reset", not "refused"); tests of a refusing instance start once it refuses.
    waitUntil("port " + port + " refuses connections", Duration.ofSeconds(5), () -> refuses(port));
  }

  private static boolean refuses(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return false;
    } catch (ConnectException refused) {
      return true;
    } catch (IOException other) {
      return false;
    }
  }

  /** Removes the discovery record; the server keeps listening. */
  void unpublish() {
    onContext(() -> registry.close());
  }

  private void onContext(Supplier<Future<?>> action) {
    Promise<Object> done = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(ar -> done.handle(ar.map(x -> (Object) x))));
    await(done.future());
  }

  @Override
  public Future<?> stop() {
    return registry.close().transform(ar -> server.close());
  }

  static Buffer bytes(int size) {
    return Buffer.buffer(new byte[size]);
  }
}

package dev.vxplatform.gateway;

import dev.vxplatform.shared.cluster.ClusterConfig;
import dev.vxplatform.shared.cluster.ServiceLauncher;
import dev.vxplatform.shared.config.Env;
import dev.vxplatform.shared.discovery.RegistryOptions;
import dev.vxplatform.shared.discovery.ServiceRegistry;
import dev.vxplatform.shared.security.LocalKeys;
import dev.vxplatform.shared.web.HttpConfig;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The trivial service of {@code bench/bench-gateway-quick.sh}: a cluster member whose HTTP server answers every
 * request with "ok" and publishes itself as {@code bench-service} with the route {@code /api/bench}, so the
 * gateway reaches it through discovery alone. Run from the fat jar plus test classes; env as every service, except
 * that it verifies no token, so it needs no key ({@code JWT_PUBLIC_KEY_FILE} or {@code JWT_JWKS_URL} optional).
 * With {@code BENCH_SERVICE_MILLIS} set it is a backend of bounded capacity ({@link BoundedWorkers}:
 * {@code BENCH_WORKERS} requests at a time, default 4, each that long), for {@code load-tests/bench-overload.sh}.
 */
public final class BenchBackend extends VerticleBase {

  private static final Buffer OK = Buffer.buffer("ok");
  private final HttpConfig http;
  private final int workers;
  private final long serviceMillis;
  private ServiceRegistry registry;
  private HttpServer server;

  /** @param serviceMillis 0: every request answered at once; else each takes this long on one of {@code workers} */
  private BenchBackend(HttpConfig http, int workers, long serviceMillis) {
    this.http = http;
    this.workers = workers;
    this.serviceMillis = serviceMillis;
  }

  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    HttpConfig http = httpConfig(env);
    Env vars = Env.of(env);
    int workers = vars.integer("BENCH_WORKERS", 4);
    long serviceMillis = vars.integer("BENCH_SERVICE_MILLIS", 0);
    ServiceLauncher.launch("bench-service", ClusterConfig.fromEnv(env), hazelcast -> { },
        () -> new BenchBackend(http, workers, serviceMillis));
  }

  /**
   * Where to listen, as every service reads it. It verifies no token, so a key source is optional: without one of the
   * caller's, this JVM's own key (never used) stands in.
   */
  static HttpConfig httpConfig(Map<String, String> env) {
    Env vars = Env.of(env);
    if (vars.has("JWT_PUBLIC_KEY_FILE") || vars.has("JWT_JWKS_URL")) {
      return HttpConfig.fromEnv(env, 0);
    }
    String bind = vars.string("HTTP_HOST", HttpConfig.DEFAULT_BIND_HOST);
    return new HttpConfig(bind, vars.integer("HTTP_PORT", 0),
        vars.string("PUBLIC_HOST", vars.string("CLUSTER_HOST", bind)), LocalKeys.forThisJvm().authConfig(),
        HttpConfig.DEFAULT_BIND_HOST, 0);
  }

  @Override
  public Future<?> start() {
    registry = ServiceRegistry.create(vertx, RegistryOptions.defaults());
    Handler<HttpServerRequest> ok = request -> request.response().putHeader("Content-Type", "text/plain").end(OK);
    return vertx.createHttpServer(new HttpServerOptions().setHost(http.bindHost()).setPort(http.port()))
        .requestHandler(serviceMillis == 0 ? ok : new BoundedWorkers(vertx, workers, serviceMillis, ok))
        .listen()
        .compose(listening -> {
          server = listening;
          return registry.publishHttpEndpoint("bench-service", http.publicHost(), listening.actualPort(),
              new JsonObject().put("routes", new JsonArray().add("/api/bench")));
        });
  }

  @Override
  public Future<?> stop() {
    return registry.close().transform(ar -> server.close());
  }
}

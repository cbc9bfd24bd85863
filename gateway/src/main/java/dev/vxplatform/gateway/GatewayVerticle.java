package dev.vxplatform.gateway;

import dev.vxplatform.gateway.dashboard.Dashboard;
import dev.vxplatform.gateway.proxy.GatewayMetrics;
import dev.vxplatform.gateway.proxy.ConcurrencyLimits;
import dev.vxplatform.gateway.proxy.ProxySetup;
import dev.vxplatform.gateway.proxy.RateLimits;
import dev.vxplatform.gateway.proxy.ProxyVerticle;
import dev.vxplatform.gateway.proxy.RetryBudget;
import dev.vxplatform.gateway.routing.Routes;
import dev.vxplatform.gateway.upstream.UpstreamDirectory;
import dev.vxplatform.shared.discovery.InstanceView;
import dev.vxplatform.shared.discovery.ServiceInstance;
import dev.vxplatform.shared.discovery.ServiceRegistry;
import dev.vxplatform.shared.security.TokenKeys;
import dev.vxplatform.shared.web.Metrics;
import dev.vxplatform.shared.web.ManagementServer;
import dev.vxplatform.shared.web.PlatformRouter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the gateway: the token keys are loaded first; the instance view feeds the upstream directory and the route
 * table (on every change, no discovery query on the request path); one proxy server per event loop shares them; the
 * public platform router answers health; the management port health, metrics and admin. Published in discovery once every proxy server listens.
 */
public class GatewayVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);
  private static final String CONTRACT = "openapi/platform.json";

  private final GatewayConfig config;
  private ServiceRegistry registry;
  private TokenKeys keys;
  private int port;
  private HttpServer managementServer;
  private Dashboard dashboard;

  public GatewayVerticle(GatewayConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    registry = ServiceRegistry.create(vertx, config.registry());
    MeterRegistry meters = Metrics.registry(vertx);
    GatewayMetrics metrics = new GatewayMetrics(meters == null ? new SimpleMeterRegistry() : meters);
    dashboard = new Dashboard(vertx);
    UpstreamDirectory directory = new UpstreamDirectory(vertx, config.upstream(),
        UpstreamDirectory.Listener.all(List.of(metrics, dashboard.upstreamEvents())));
    Routes routes = new Routes(config.routes(), config.routeDefaults());
    InstanceView view = registry.view();
    Runnable refresh = () -> {
      Map<String, List<ServiceInstance>> snapshot = view.all();
      directory.refresh(snapshot);
      routes.refresh(snapshot);
    };
    view.onChange(refresh);
    refresh.run();

    Router router = PlatformRouter.create(vertx, registry);
    router.get("/openapi.json").handler(this::contract);
    Router management = PlatformRouter.management(vertx, registry);
    ConcurrencyLimits limits = new ConcurrencyLimits(config.limits());
    metrics.watch(limits);
    management.get("/admin/instances").handler(new InstancesHandler(directory, limits));
    management.get("/admin/routes").handler(new RoutesHandler(routes));
    dashboard.mount(management, directory, limits, relayHost(), () -> port, config.http().tls());
    RetryBudget budget = new RetryBudget(config.proxy().retryBudgetRatio(), config.proxy().retryMinPerSecond(),
        config.proxy().retryBudgetCapacity());
    return ManagementServer.start(vertx, management, config.http(), GatewayConfig.SERVICE_NAME)
        .compose(server -> {
          managementServer = server;
          return TokenKeys.open(vertx, config.http().auth());
        })
        .compose(opened -> {
          keys = opened;
          return serve(new ProxySetup(routes, directory, budget, metrics, config.proxy(), router,
              config.http().bindHost(), config.routeDefaults().connectTimeoutMillis(), keys, config.publicReads(),
              new RateLimits(config.rateLimits()), limits, config.http().tls()));
        })
        .compose(all -> registry.publishHttpEndpoint(GatewayConfig.SERVICE_NAME, config.http().publicHost(), port,
            new JsonObject()))
        .onSuccess(published -> LOG.info("Gateway listening on {}:{} ({}) with {} event loop(s), routes {}",
            config.http().bindHost(), port, config.http().tls().enabled() ? "HTTPS" : "HTTP",
            config.proxy().eventLoops(),
            routes.all().stream().map(route -> route.prefix() + "=" + route.service()).toList()));
  }

  /** The public API's OpenAPI 3.1 contract (shared's {@value #CONTRACT}), read from the jar. */
  private void contract(RoutingContext ctx) {
    vertx.fileSystem().readFile(CONTRACT)
        .onSuccess(contract -> ctx.response().putHeader("Content-Type", "application/json").end(contract))
        .onFailure(ctx::fail);
  }

  /** Where the dashboard's relay reaches the public port: the name in the certificate with TLS on. */
  private String relayHost() {
    String bind = config.http().bindHost();
    if (config.http().tls().enabled()) {
      return config.http().publicHost();
    }
    return "0.0.0.0".equals(bind) || "::".equals(bind) ? "127.0.0.1" : bind;
  }

  /** One proxy server per event loop, all on one port. */
  private Future<?> serve(ProxySetup setup) {
    // Vert.x shares a port among servers of one Vert.x instance; for a random port that takes a negative value.
    int listenPort = config.http().port() == 0 ? -1 : config.http().port();
    ProxyVerticle first = new ProxyVerticle(setup, listenPort);
    return vertx.deployVerticle(first).compose(id -> {
      port = first.port();
      return Future.all(IntStream.range(1, config.proxy().eventLoops())
          .mapToObj(i -> vertx.deployVerticle(new ProxyVerticle(setup, listenPort)))
          .toList());
    });
  }

  /** The port actually bound (useful when configured with port 0). */
  public int port() {
    return port;
  }

  /** The management port actually bound: {@code /admin/*}, {@code /ui/*}, {@code /metrics}, {@code /health/*}. */
  public int managementPort() {
    return managementServer.actualPort();
  }

  /** The proxy servers (child deployments) have drained by now; unpublish last. */
  @Override
  public Future<?> stop() {
    if (keys != null) {
      keys.close();
    }
    if (dashboard != null) {
      dashboard.close();
    }
    return (registry == null ? Future.succeededFuture() : registry.close())
        .transform(unpublished -> managementServer == null ? Future.succeededFuture() : managementServer.close());
  }
}

package dev.vxplatform.gateway.dashboard;

import dev.vxplatform.gateway.upstream.Upstream;
import dev.vxplatform.gateway.proxy.ConcurrencyLimits;
import dev.vxplatform.gateway.upstream.UpstreamDirectory;
import dev.vxplatform.shared.contract.ReconcilerContract;
import dev.vxplatform.shared.security.TlsConfig;
import dev.vxplatform.shared.web.PlatformRouter;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.function.IntSupplier;

/**
 * The live dashboard on the management port: the page ({@code /ui/}, plain HTML, CSS and JavaScript modules from
 * the jar), its event stream ({@code /ui/events}) and its relay to the public API ({@code /ui/api/*}). Built from
 * state the gateway already keeps: the upstream directory (instances, breakers, counters), its own cluster member
 * (membership, safety, majority) and the timeline fed by both. Create it on the context that serves the management
 * port, before the upstream directory (which reports to {@link #upstreamEvents()}).
 */
public final class Dashboard {

  private static final String PAGE_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self';"
      + " script-src 'self'; connect-src 'self'; frame-ancestors 'none'";

  private final Vertx vertx;
  private final Timeline timeline;
  private DashboardStream stream;
  private HttpClient relayClient;

  public Dashboard(Vertx vertx) {
    this.vertx = vertx;
    this.timeline = new Timeline(vertx.getOrCreateContext());
  }

  /** Instances added and removed, breakers opened and closed: into the timeline. */
  public UpstreamDirectory.Listener upstreamEvents() {
    return new UpstreamDirectory.Listener() {
      @Override
      public void added(Upstream upstream) {
        timeline.add("instance-added", upstream.service() + " at " + upstream.address() + " published",
            upstream.service(), upstream.address());
      }

      @Override
      public void removed(Upstream upstream) {
        timeline.add("instance-removed", upstream.service() + " at " + upstream.address() + " gone from discovery",
            upstream.service(), upstream.address());
      }

      @Override
      public void breakerChanged(Upstream upstream, CircuitBreakerState state) {
        String what = switch (state) {
          case OPEN -> "ejected (breaker open)";
          case HALF_OPEN -> "on probation (breaker half-open)";
          case CLOSED -> "readmitted (breaker closed)";
        };
        timeline.add("breaker-" + state.name().toLowerCase().replace('_', '-'), upstream.service() + " at "
            + upstream.address() + " " + what, upstream.service(), upstream.address());
      }
    };
  }

  /**
   * @param publicHost where the relay reaches the public port (the bind host, or loopback for a wildcard)
   * @param publicPort the public port, known once the proxy servers listen
   */
  public void mount(Router management, UpstreamDirectory directory, ConcurrencyLimits limits, String publicHost,
      IntSupplier publicPort, TlsConfig tls) {
    ServiceRows services = new ServiceRows(directory, limits);
    ClusterWatch cluster = new ClusterWatch(vertx, timeline);
    DatabaseWatch database = new DatabaseWatch(vertx, timeline, services::describeNode);
    stream = new DashboardStream(vertx, () -> {
      JsonObject members = cluster.snapshot(services.servicesByNode());
      return new JsonObject().put("at", System.currentTimeMillis()).put("cluster", members)
          .put("database", database.snapshot()).put("services", services.tick())
          .put("publicPort", publicPort.getAsInt());
    }, timeline);
    vertx.eventBus().<JsonObject>consumer(ReconcilerContract.EVENTS, message -> {
      JsonObject event = message.body();
      boolean acquired = "acquired".equals(event.getString("event"));
      timeline.add(acquired ? "reconciler-moved" : "reconciler-stopped", "reconciler "
          + (acquired ? "now runs on " : "stopped on ") + services.describeNode(event.getString("node"))
          + " (fencing token " + event.getLong("token") + ")");
    });
    relayClient = vertx.createHttpClient(tls.client(new HttpClientOptions().setKeepAlive(true)));
    UiRelay relay = new UiRelay(relayClient, publicHost, publicPort);
    management.getWithRegex("^/ui$").handler(ctx -> ctx.redirect("/ui/"));
    management.route("/ui/*").handler(ctx -> {
      ctx.response().putHeader("Content-Security-Policy", PAGE_POLICY);
      ctx.next();
    });
    management.get("/ui/events").handler(stream::open);
    management.route(UiRelay.PREFIX + "*").handler(BodyHandler.create()
        .setBodyLimit(PlatformRouter.DEFAULT_BODY_LIMIT_BYTES)).handler(relay::handle);
    management.get("/ui/*").handler(StaticHandler.create("webroot/ui").setIndexPage("index.html"));
    stream.start();
  }

  public void close() {
    if (stream != null) {
      stream.stop();
    }
    if (relayClient != null) {
      relayClient.close();
    }
  }
}

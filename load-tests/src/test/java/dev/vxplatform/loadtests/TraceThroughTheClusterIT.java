package dev.vxplatform.loadtests;

import static dev.vxplatform.shared.testing.TestCluster.await;
import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.vxplatform.gateway.GatewayConfig;
import dev.vxplatform.gateway.GatewayVerticle;
import dev.vxplatform.inventory.InventoryConfig;
import dev.vxplatform.inventory.InventoryVerticle;
import dev.vxplatform.order.OrderConfig;
import dev.vxplatform.order.OrderVerticle;
import dev.vxplatform.shared.contract.InventoryContract;
import dev.vxplatform.shared.discovery.RegistryOptions;
import dev.vxplatform.shared.discovery.ServiceRegistry;
import dev.vxplatform.shared.testing.TestCluster;
import dev.vxplatform.shared.testing.TestTokens;
import dev.vxplatform.shared.testing.TracingCapture;
import dev.vxplatform.shared.tracing.Spans;
import dev.vxplatform.shared.tracing.TraceMdc;
import dev.vxplatform.shared.web.AccessLog;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * One JVM, two data members on loopback and a real PostgreSQL: the gateway and the order-service on node 0, the
 * inventory-service on node 1, every Vert.x traced into one in-memory exporter. An order placed through the gateway
 * is one trace, with the caller's {@code traceparent} as its root: the gateway's server span, its attempt, the
 * order-service's server span, its reserve step, the event-bus request to inventory (across the cluster's TCP event bus)
 * and inventory's handling of it, each the child of the one before, with the map calls and the other saga steps
 * under them, each naming the order; the gateway's and the order-service's access lines name it. A
 * rejected order's problem body and inventory's log line about it carry its trace id. A read that an instance refused
 * with 503 and the gateway retried shows both attempts under its request.
 */
class TraceThroughTheClusterIT {

  private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
  private static TracingCapture tracing;
  private static TestCluster cluster;
  private static WebClient client;
  private static int gatewayPort;

  @BeforeAll
  static void start() {
    tracing = new TracingCapture();
    cluster = TestCluster.startWithDatabaseTraced(2, 1, tracing.openTelemetry());
    await(cluster.node(1).deployVerticle(new InventoryVerticle(InventoryConfig.forTests())));
    await(cluster.node(0).deployVerticle(new OrderVerticle(OrderConfig.forTests())));
    GatewayVerticle gateway = new GatewayVerticle(GatewayConfig.forTests());
    await(cluster.node(0).deployVerticle(gateway));
    gatewayPort = gateway.port();
    client = WebClient.create(cluster.node(0));
    waitUntil("the gateway routes orders", Duration.ofSeconds(20),
        () -> place(newTraceparent(), "SKU-0001", 1).statusCode() == 201);
  }

  @AfterAll
  static void stop() {
    client.close();
    cluster.close();
    tracing.close();
  }

  @Test
  void anOrderIsOneTraceFromTheGatewayThroughTheOrderServiceAndTheEventBusToInventory() {
    String traceparent = newTraceparent();
    String traceId = traceparent.substring(3, 35);
    Logger access = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);
    Level before = access.getLevel();
    access.setLevel(Level.INFO); // as in the services' logback.xml; this module's test logging leaves it at WARN
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    access.addAppender(lines);
    String orderId;
    try {
      HttpResponse<Buffer> placed = place(traceparent, "SKU-0002", 1);

      assertThat(placed.statusCode()).as(placed.bodyAsString()).isEqualTo(201);
      orderId = placed.bodyAsJsonObject().getString("id");
      waitUntil("the gateway's and the order-service's access lines name the trace", Duration.ofSeconds(5), () -> {
        List<String> logged = messages(lines);
        return logged.stream().anyMatch(line -> line.startsWith("POST /api/orders 201 ")
            && line.contains("trace " + traceId + " [") && line.contains("-> order-service"))
            && logged.stream().anyMatch(line -> line.startsWith("POST /orders 201 ")
            && line.endsWith("trace " + traceId));
      });
    } finally {
      access.detachAppender(lines);
      access.setLevel(before);
    }
    waitUntil("the gateway's span, the last to end, is exported", Duration.ofSeconds(5), () -> tracing.trace(traceId)
        .stream()
        .anyMatch(span -> span.getParentSpanId().equals(traceparent.substring(36, 52))));
    List<SpanData> spans = tracing.trace(traceId);
    SpanData gatewayServer = childOf(spans, traceparent.substring(36, 52), SpanKind.SERVER);
    SpanData attempt = childOf(spans, gatewayServer.getSpanId(), SpanKind.CLIENT);
    SpanData orderServer = childOf(spans, attempt.getSpanId(), SpanKind.SERVER);
    SpanData reserveStep = named(spans, orderServer.getSpanId(), "order.reserve");
    SpanData busRequest = childOf(spans, reserveStep.getSpanId(), SpanKind.CLIENT);
    assertThat(busRequest.getAttributes().get(DESTINATION)).isEqualTo(InventoryContract.RESERVE);
    SpanData inventoryHandling = childOf(spans, busRequest.getSpanId(), SpanKind.SERVER);
    assertThat(inventoryHandling.getAttributes().get(DESTINATION)).isEqualTo(InventoryContract.RESERVE);
    // The saga's steps and every map call on the way, each naming the order.
    List<SpanData> ours = List.of(named(spans, orderServer.getSpanId(), "orders insert"), reserveStep,
        named(spans, inventoryHandling.getSpanId(), "inventory.reservations begin"),
        named(spans, inventoryHandling.getSpanId(), "inventory.stock hold"),
        named(spans, inventoryHandling.getSpanId(), "inventory.reservations finish"),
        named(spans, named(spans, orderServer.getSpanId(), "order.confirm").getSpanId(), "orders replace"));
    assertThat(ours).allSatisfy(span -> assertThat(span.getAttributes().get(Spans.ORDER_ID)).isEqualTo(orderId));
  }

  @Test
  void aRejectedOrdersProblemAndInventorysLogLineCarryItsTraceId() {
    Logger reserving = (Logger) LoggerFactory.getLogger("dev.vxplatform.inventory.reservation.Reserving");
    LoggerContext logging = reserving.getLoggerContext();
    TraceMdc mdc = new TraceMdc();
    logging.addTurboFilter(mdc);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    reserving.addAppender(lines);
    Level before = reserving.getLevel();
    reserving.setLevel(Level.DEBUG);
    try {
      String traceparent = newTraceparent();
      String traceId = traceparent.substring(3, 35);

      HttpResponse<Buffer> rejected = place(traceparent, "SKU-0006", 61);

      assertThat(rejected.statusCode()).as(rejected.bodyAsString()).isEqualTo(409);
      assertThat(rejected.bodyAsJsonObject().getString("traceId")).isEqualTo(traceId);
      synchronized (lines) {
        assertThat(lines.list).as("inventory's line about the rejection")
            .anyMatch(line -> line.getFormattedMessage().contains("rejected")
                && traceId.equals(line.getMDCPropertyMap().get(TraceMdc.TRACE_ID)));
      }
    } finally {
      reserving.setLevel(before);
      reserving.detachAppender(lines);
      logging.getTurboFilterList().remove(mdc);
    }
  }

  @Test
  void aRetriedReadShowsBothAttemptsUnderItsRequest() {
    String orderId = place(newTraceparent(), "SKU-0003", 1).bodyAsJsonObject().getString("id");
    String refusing = await(cluster.node(0).deployVerticle(new RefusingInstance()));
    try {
      String[] traced = new String[1];
      waitUntil("a read that went to the refusing instance first, then to the real one", Duration.ofSeconds(20),
          () -> {
            String traceparent = newTraceparent();
            HttpResponse<Buffer> read = await(client.get(gatewayPort, "127.0.0.1", "/api/orders/" + orderId)
                .putHeader("Authorization", TestTokens.customer("trace-customer"))
                .putHeader("traceparent", traceparent).send());
            traced[0] = traceparent;
            return read.statusCode() == 200 && attempts(traceparent).size() == 2;
          });
      List<SpanData> attempts = attempts(traced[0]);
      assertThat(attempts).as("%s", attempts).extracting(TraceThroughTheClusterIT::status)
          .containsExactly("503", "200");
    } finally {
      await(cluster.node(0).undeploy(refusing));
    }
  }

  /** An HTTP span's response status, whatever type the tracer gave the attribute. */
  private static String status(SpanData span) {
    return span.getAttributes().asMap().entrySet().stream()
        .filter(attribute -> attribute.getKey().getKey().equals("http.response.status_code"))
        .map(attribute -> String.valueOf(attribute.getValue())).findFirst().orElse(null);
  }

  /** The gateway's attempts of the request traced by {@code traceparent}, in the order they ended. */
  private static List<SpanData> attempts(String traceparent) {
    List<SpanData> spans = tracing.trace(traceparent.substring(3, 35));
    return spans.stream().filter(span -> span.getParentSpanId().equals(traceparent.substring(36, 52))
            && span.getKind() == SpanKind.SERVER)
        .findFirst()
        .map(server -> spans.stream().filter(span -> span.getParentSpanId().equals(server.getSpanId())
            && span.getKind() == SpanKind.CLIENT).toList())
        .orElse(List.of());
  }

  /** An order-service instance that refuses every request with 503: the gateway retries a read elsewhere. */
  private static final class RefusingInstance extends VerticleBase {

    private ServiceRegistry registry;

    @Override
    public Future<?> start() {
      registry = ServiceRegistry.create(vertx, RegistryOptions.defaults());
      return vertx.createHttpServer()
          .requestHandler(request -> request.response().setStatusCode(503).end())
          .listen(0, "127.0.0.1")
          .compose(server -> registry.publishHttpEndpoint(OrderConfig.SERVICE_NAME, "127.0.0.1",
              server.actualPort(), new JsonObject()));
    }

    @Override
    public Future<?> stop() {
      return registry.close();
    }
  }

  /** What {@code lines} holds so far: it appends under its own lock, from the event loops. */
  private static List<String> messages(ListAppender<ILoggingEvent> lines) {
    synchronized (lines) {
      return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  private static SpanData childOf(List<SpanData> spans, String parentId, SpanKind kind) {
    return spans.stream().filter(span -> span.getParentSpanId().equals(parentId) && span.getKind() == kind)
        .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " span under " + parentId + ": " + spans));
  }

  private static SpanData named(List<SpanData> spans, String parentId, String name) {
    return spans.stream().filter(span -> span.getParentSpanId().equals(parentId) && span.getName().equals(name))
        .findFirst().orElseThrow(() -> new AssertionError("no span " + name + " under " + parentId + ": " + spans));
  }

  private static HttpResponse<Buffer> place(String traceparent, String sku, int qty) {
    JsonObject order = new JsonObject().put("items", new JsonArray().add(new JsonObject().put("sku", sku)
        .put("qty", qty)));
    return await(client.post(gatewayPort, "127.0.0.1", "/api/orders")
        .putHeader("Authorization", TestTokens.customer("trace-customer"))
        .putHeader("traceparent", traceparent)
        .sendJsonObject(order));
  }

  /** A W3C trace context of a caller's sampled span: version, trace id, span id, flags. */
  private static String newTraceparent() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return String.format("00-%016x%016x-%016x-01", random.nextLong() | 1, random.nextLong(), random.nextLong() | 1);
  }
}

package dev.vxplatform.loadtests.compose;

import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.loadtests.compose.ComposeTopology.Node;
import dev.vxplatform.shared.security.Scopes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What docker-compose.yml configures forms a working platform, proven without a Docker engine: the compose
 * topology runs as local JVMs through the image's entrypoint with each service's environment as written (1
 * gateway, 1 order-service, 2 inventory-service here: the compose replica counts, capped for a small machine).
 * The one-shot keys service makes the key pair the services verify tokens with, and gives a token the way the
 * compose file tells a user to get one. Every node gets ready in one cluster, the gateway routes to both services
 * (an order only with a token), operations ({@code /metrics}, {@code /admin/*}) answer on the management port only,
 * JVMs sized for the containers' memory limit stay inside it, and every metric the Grafana dashboard queries exists
 * in a real scrape, taken where prometheus.yml says (after every inventory replica is crashed, so that the gateway's
 * retry and failure meters exist).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeTopologyIT {

  private static final Logger LOG = LoggerFactory.getLogger(ComposeTopologyIT.class);
  private static final Map<String, Integer> MAX_REPLICAS = Map.of("inventory-service", 2, "order-service", 1);
  /** Prometheus adds these to every series it scrapes; prometheus.yml renames the gateway's own "instance". */
  private static final Set<String> TARGET_LABELS = Set.of("job", "instance");
  /** Series Prometheus makes itself for each target. */
  private static final Set<String> SYNTHETIC_SERIES = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped");

  private static ComposeTopology topology;
  /** An operator's {@code Authorization} value: every scope, acts for any customer. */
  private static String operator;

  @BeforeAll
  static void up() {
    long start = System.nanoTime();
    topology = ComposeTopology.start(ComposeFile.load(), MAX_REPLICAS, Duration.ofSeconds(120));
    LOG.info("{} nodes ready in {} ms", topology.nodes().size(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    // What docker-compose.yml tells a user to run: docker compose run --rm -T keys token --sub ... --scope ...
    String token = topology.run("keys", List.of("token", "--sub", "compose-it", "--scope", Scopes.ALL));
    assertThat(token).as("the token and nothing else on stdout").matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+\n");
    operator = "Bearer " + token.strip();
  }

  @AfterAll
  static void down() {
    if (topology != null) {
      topology.close();
    }
  }

  @Test
  @Order(1)
  void everyNodeIsHealthyAndInTheGatewaysView() {
    int gateway = topology.node("gateway").managementPort();
    Duration seen = waitUntil("the gateway's view holds every node", Duration.ofSeconds(30), () -> {
      String instances = Http.get(gateway, "/admin/instances").body();
      return topology.nodes().stream().allMatch(node -> instances.contains("\"port\":" + node.httpPort()));
    });
    LOG.info("gateway sees all {} nodes {} ms after the last was ready", topology.nodes().size(), seen.toMillis());
    for (Node node : topology.nodes()) {
      assertThat(Processes.healthcheck(node.httpPort())).as("Docker HEALTHCHECK of %s", node.name()).isZero();
    }
  }

  @Test
  @Order(2)
  void gatewayRoutesToInventoryAndOrderService() {
    int gateway = topology.node("gateway").httpPort();
    Http.Answer products = Http.get(gateway, "/api/products");
    assertThat(products.status()).as(products.body()).isEqualTo(200);
    String sku = new JsonObject(products.body()).getJsonArray("products").getJsonObject(0).getString("sku");

    String order = new JsonObject().put("customerId", "compose-it")
        .put("items", new JsonArray().add(new JsonObject().put("sku", sku).put("qty", 1))).encode();
    Http.Answer anonymous = Http.postJson(gateway, "/api/orders", order);
    assertThat(anonymous.status()).as("an order without a token: %s", anonymous.body()).isEqualTo(401);
    Http.Answer placed = placeAsAClientWould(gateway, order);
    LOG.info("POST /api/orders through the gateway: {} {}", placed.status(), placed.body());
    assertThat(placed.status()).as(placed.body()).isBetween(200, 499).isNotIn(401, 403);

    // The answers came from the services themselves, not from the gateway.
    assertThat(metricsText(topology.nodes("inventory-service"))).contains("route=\"/products\"");
    assertThat(metricsText(topology.nodes("order-service"))).contains("route=\"/orders\"");
    // Every service on the order's way exported its spans where compose sends them (Jaeger; here a local receiver).
    waitUntil("spans of the gateway, the order-service and inventory at the OTLP endpoint", Duration.ofSeconds(30),
        () -> Stream.of("gateway", "order-service", "inventory-service").allMatch(topology.traces()::received));
  }

  /** Compose publishes the public port: metrics and admin views are on the management port, which it does not. */
  @Test
  @Order(3)
  void operationsAnswerOnTheManagementPortOnly() {
    for (Node node : topology.nodes()) {
      assertThat(Http.status(node.httpPort(), "/metrics")).as("/metrics on the public port of %s", node.name())
          .isEqualTo(404);
      Http.Answer metrics = Http.get(node.managementPort(), "/metrics");
      assertThat(metrics.status()).as("/metrics on the management port of %s", node.name()).isEqualTo(200);
      assertThat(metrics.body()).as(node.name()).contains("jvm_memory_used_bytes");
      assertThat(Http.status(node.managementPort(), "/health/ready")).as(node.name()).isEqualTo(200);
    }
    Node gateway = topology.node("gateway");
    for (String admin : List.of("/admin/instances", "/admin/routes")) {
      assertThat(Http.status(gateway.httpPort(), admin)).as("%s on the public port", admin).isEqualTo(404);
      assertThat(Http.status(gateway.managementPort(), admin)).as("%s on the management port", admin).isEqualTo(200);
    }
  }

  @Test
  @Order(4)
  void jvmsSizedForTheContainerStayWithinItsMemoryLimit() {
    for (Node node : topology.nodes()) {
      long rss = rssBytes(node);
      LOG.info("{}: RSS {} MiB of a {} MiB limit", node.name(), rss >> 20, node.service().memLimitBytes() >> 20);
      assertThat(rss).as("RSS of %s", node.name()).isLessThan(node.service().memLimitBytes());
    }
  }

  /** Last: it crashes every inventory replica, so that the gateway's retry and failure meters exist. */
  @Test
  @Order(5)
  void everyMetricTheDashboardQueriesIsInARealScrape() {
    Scrape scrape = scrapeAsPrometheusWould();
    int gateway = topology.node("gateway").httpPort();
    ScrapeJob gatewayJob = ScrapeJob.named("gateway");
    int gatewayMetrics = topology.node("gateway").localPort(gatewayJob.port());
    // Until the cluster agrees that the crashed replicas are gone, the gateway still routes to them, meets refused
    // connections and retries on the other one. With the order-service paused that agreement waits for the
    // heartbeat (5 s, measured) instead of ~0.5 s: time enough for the requests below on a busy machine.
    ComposeTopology.signal(topology.node("order-service"), "STOP");
    topology.nodes("inventory-service").forEach(ComposeTopology::crash);
    List<? extends CompletableFuture<?>> requests = IntStream.range(0, 4)
        .mapToObj(i -> Http.getLater(gateway, "/api/products", Duration.ofSeconds(10))).toList();
    Duration retried = waitUntil("the gateway retried on another instance", Duration.ofSeconds(10),
        () -> Http.get(gatewayMetrics, gatewayJob.metricsPath()).body().contains("gateway_retries_total{"));
    LOG.info("every inventory replica crashed: the gateway retried within {} ms", retried.toMillis());
    requests.forEach(request -> request.cancel(true));
    scrape.add(Http.get(gatewayMetrics, gatewayJob.metricsPath()).body());
    ComposeTopology.signal(topology.node("order-service"), "CONT");

    JsonObject dashboard = new JsonObject(read(ComposeFile.INFRA.resolve("grafana/dashboards/vxplatform.json")));
    int queries = 0;
    for (Object panel : dashboard.getJsonArray("panels")) {
      for (Object target : ((JsonObject) panel).getJsonArray("targets")) {
        String expr = ((JsonObject) target).getString("expr");
        checkQuery(((JsonObject) panel).getString("title"), expr, scrape);
        queries++;
      }
    }
    LOG.info("{} dashboard queries checked against {} scraped series names", queries, scrape.names().size());
    assertThat(queries).isGreaterThanOrEqualTo(10);
  }

  private static void checkQuery(String panel, String expr, Scrape scrape) {
    PromQl query = PromQl.parse(expr);
    assertThat(query.selectors()).as("selectors of '%s'", expr).isNotEmpty();
    Set<String> available = new LinkedHashSet<>(TARGET_LABELS);
    for (PromQl.Selector selector : query.selectors()) {
      if (SYNTHETIC_SERIES.contains(selector.metric())) {
        continue;
      }
      assertThat(scrape.has(selector.metric()))
          .as("panel '%s' queries %s, which no node exposes", panel, selector.metric()).isTrue();
      Set<String> labels = seenByPrometheus(scrape.labels(selector.metric()));
      assertThat(labels).as("labels of %s in panel '%s'", selector.metric(), panel).containsAll(selector.labels());
      available.addAll(labels);
    }
    assertThat(available).as("labels panel '%s' groups by", panel).containsAll(query.groupingLabels());
  }

  /** A series' labels once scraped: its own "instance" becomes "upstream" (prometheus.yml), target labels added. */
  private static Set<String> seenByPrometheus(Set<String> scraped) {
    Set<String> labels = new LinkedHashSet<>(TARGET_LABELS);
    scraped.forEach(label -> labels.add("instance".equals(label) ? "upstream" : label));
    return labels;
  }

  /** Every job of prometheus.yml: each node of the services it names, on the port it names (made local). */
  private static Scrape scrapeAsPrometheusWould() {
    Scrape scrape = new Scrape();
    for (ScrapeJob job : ScrapeJob.load()) {
      List<Node> nodes = job.services().stream().flatMap(service -> topology.nodes(service).stream()).toList();
      assertThat(nodes).as("nodes job %s scrapes", job.name()).isNotEmpty();
      for (Node node : nodes) {
        Http.Answer answer = Http.get(node.localPort(job.port()), job.metricsPath());
        assertThat(answer.status()).as("job %s scrapes %s on container port %s", job.name(), node.name(), job.port())
            .isEqualTo(200);
        scrape.add(answer.body());
      }
    }
    return scrape;
  }

  private static String metricsText(List<Node> nodes) {
    StringBuilder text = new StringBuilder();
    nodes.forEach(node -> text.append(Http.get(node.managementPort(), "/metrics").body()));
    return text.toString();
  }

  private static long rssBytes(Node node) {
    String status = read(Path.of("/proc/" + node.process().pid() + "/status"));
    return status.lines().filter(line -> line.startsWith("VmRSS:")).findFirst()
        .map(line -> Long.parseLong(line.replaceAll("\\D", "")) << 10)
        .orElseThrow(() -> new AssertionError("no VmRSS for " + node.name()));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * As the operator, with an Idempotency-Key, sent again while the answer is 503 (for up to 30 s, a second apart:
   * the Retry-After): an order node on a loaded machine may refuse writes for a while after a stall, and says so.
   */
  private static Http.Answer placeAsAClientWould(int gateway, String order) {
    String key = "compose-it-" + UUID.randomUUID();
    Supplier<Http.Answer> place = () -> Http.postJson(gateway, "/api/orders", order,
        "Idempotency-Key", key, "Authorization", operator);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Http.Answer placed = place.get();
    while (placed.status() == 503 && System.nanoTime() < deadline) {
      LOG.info("POST /api/orders answered 503, retrying with the same key: {}", placed.body());
      // The Retry-After first: a client's pacing, not a wait for some state.
      placed = CompletableFuture.supplyAsync(place, CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS)).join();
    }
    return placed;
  }
}

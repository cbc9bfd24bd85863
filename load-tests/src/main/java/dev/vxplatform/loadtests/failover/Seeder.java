package dev.vxplatform.loadtests.failover;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the run's catalog through the gateway: {@code skus} new products ({@code PUT /api/products/{sku}}, 0
 * units), each restocked with {@code unitsPerSku} ({@code POST /api/stock/{sku}/restock}). Both are recorded, so
 * the checker knows the supply. Demand exceeds it by design: the workload orders far more than 20 × 30 units.
 */
final class Seeder {

  private static final Logger LOG = LoggerFactory.getLogger(Seeder.class);

  private Seeder() {
  }

  static List<String> seed(Recorder recorder, CheckOptions options, String runId) {
    List<String> skus = IntStream.rangeClosed(1, options.skus())
        .mapToObj(i -> String.format("FO-%s-%02d", runId, i)).toList();
    List<Future<Op>> products = new ArrayList<>();
    for (String sku : skus) {
      JsonObject product = new JsonObject().put("name", "Failover check item " + sku).put("priceCents", 990);
      products.add(recorder.once(0, Action.SEED_PRODUCT, HttpMethod.PUT, "/api/products/" + sku, product, sku, 0)
          .compose(op -> op.ok() ? recorder.once(0, Action.RESTOCK, HttpMethod.POST, "/api/stock/" + sku + "/restock",
              new JsonObject().put("qty", options.unitsPerSku()), sku, options.unitsPerSku())
              : Future.succeededFuture(op)));
    }
    List<Op> done = Blocking.await(Future.all(products).map(all -> all.<Op>list()), Duration.ofSeconds(60));
    List<Op> failed = done.stream().filter(op -> !op.ok()).toList();
    if (!failed.isEmpty()) {
      throw new IllegalStateException("seeding failed: " + failed.stream()
          .map(op -> op.action() + " " + op.sku() + " → " + Accounting.failureLabel(op)).toList());
    }
    LOG.info("Seeded {} skus × {} units", skus.size(), options.unitsPerSku());
    return skus;
  }

  /**
   * The catalog is a ReplicatedMap, copied to each member asynchronously: before the load starts, every inventory
   * node must serve every new product, so an early product read does not meet a copy that is still on its way.
   */
  static void awaitReplicated(ClusterLauncher cluster, List<String> skus, GatewayClient direct) {
    for (String node : FaultInjector.INVENTORY_NODES) {
      int port = cluster.port(node);
      String host = cluster.host(node);
      boolean everywhere = Blocking.poll(Duration.ofSeconds(30), () -> skus.stream().allMatch(sku ->
          Blocking.await(direct.getFrom(host, port, "/products/" + sku), Duration.ofSeconds(30)).status() == 200));
      if (!everywhere) {
        throw new IllegalStateException(node + " does not serve the new products after 30 s");
      }
    }
  }
}

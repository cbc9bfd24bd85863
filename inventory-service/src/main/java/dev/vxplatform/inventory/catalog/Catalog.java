package dev.vxplatform.inventory.catalog;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;
import dev.vxplatform.inventory.api.Inputs;
import dev.vxplatform.inventory.api.Reply;
import dev.vxplatform.inventory.catalog.CatalogSeed.Line;
import dev.vxplatform.inventory.stock.StockMaps;
import dev.vxplatform.inventory.stock.StockStore;
import dev.vxplatform.shared.contract.stock.StockMutation;
import dev.vxplatform.shared.contract.stock.StockResult;
import dev.vxplatform.shared.web.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Products in a Hazelcast ReplicatedMap (sku → product JSON): every member holds a full copy, so reads are
 * local and survive the loss of any member. Writes ({@code put}) block on replication and run on a worker.
 * Values are plain JSON strings, which every member can deserialize whatever it runs.
 */
public final class Catalog {

  static final long REPLICA_WAIT_MILLIS = 10_000;
  static final long REPLICA_POLL_MILLIS = 100;
  private static final Logger LOG = LoggerFactory.getLogger(Catalog.class);

  private final Vertx vertx;
  private final ReplicatedMap<String, String> products;
  private final StockStore stock;

  private Catalog(Vertx vertx, ReplicatedMap<String, String> products, StockStore stock) {
    this.vertx = vertx;
    this.products = products;
    this.stock = stock;
  }

  public static Future<Catalog> open(Vertx vertx, HazelcastInstance hazelcast, StockStore stock) {
    return vertx.executeBlocking(() -> new Catalog(vertx, hazelcast.getReplicatedMap(StockMaps.CATALOG), stock));
  }

  /** A local read: true when this member's copy has the sku. */
  public boolean contains(String sku) {
    return products.containsKey(sku);
  }

  public Future<Reply> list(JsonObject input) {
    JsonArray sorted = new JsonArray(products.values().stream()
        .map(JsonObject::new)
        .sorted(Comparator.comparing(product -> product.getString("sku")))
        .toList());
    return Future.succeededFuture(Reply.ok(new JsonObject().put("products", sorted)));
  }

  public Future<Reply> get(JsonObject input) {
    String sku = Inputs.sku(input);
    String product = products.get(sku);
    if (product == null) {
      return Future.failedFuture(new ProblemException(404, "Unknown sku", "no product with sku " + sku));
    }
    return Future.succeededFuture(Reply.ok(new JsonObject(product)));
  }

  /**
   * Creates or replaces a product; a new sku gets an empty stock record first, so a product that is visible
   * always has stock to reserve from (zero until restocked).
   */
  public Future<Reply> upsert(JsonObject input) {
    JsonObject product = Product.validated(input);
    String sku = product.getString("sku");
    return stock.change(sku, StockMutation.init(0))
        .compose(created -> put(product))
        .map(previous -> previous == null ? Reply.created(product) : Reply.ok(product));
  }

  /**
   * Seeds once per cluster, whichever inventory member starts first: the stock record's creation (an atomic
   * init on its partition owner) decides who writes the product, so a restarting member or a second instance
   * never overwrites a product that was changed since. Then waits until this member's copy has every seeded
   * sku, so it does not answer 404 for products it has simply not received yet.
   */
  public Future<Void> seed(String path) {
    return CatalogSeed.load(vertx, path)
        .compose(lines -> Future.all(lines.stream().map(this::seed).toList())
            .compose(v -> awaitCopies(lines, System.currentTimeMillis() + REPLICA_WAIT_MILLIS)));
  }

  private Future<Void> seed(Line line) {
    return stock.change(line.sku(), StockMutation.init(line.stock()))
        .compose(outcome -> outcome.result() == StockResult.CREATED
            ? put(line.product()).onSuccess(v -> LOG.info("Seeded {} with {} units", line.sku(), line.stock()))
            .mapEmpty()
            : Future.succeededFuture());
  }

  private Future<Void> awaitCopies(List<Line> lines, long deadline) {
    List<Line> missing = lines.stream().filter(line -> !contains(line.sku())).toList();
    if (missing.isEmpty()) {
      return Future.succeededFuture();
    }
    if (System.currentTimeMillis() > deadline) {
      // The member that created their stock died before writing them: write the seed's version.
      LOG.warn("{} seeded product(s) never arrived; writing them from the seed", missing.size());
      return Future.all(missing.stream().map(line -> put(line.product())).toList()).mapEmpty();
    }
    return vertx.timer(REPLICA_POLL_MILLIS).compose(v -> awaitCopies(lines, deadline));
  }

  /** The previous product JSON, or null. */
  private Future<String> put(JsonObject product) {
    String sku = product.getString("sku");
    return vertx.<String>executeBlocking(() -> products.put(sku, product.encode()), false)
        .recover(failure -> {
          LOG.warn("Writing product {} failed: {}", sku, failure.toString());
          return Future.failedFuture(new ProblemException(503, "Catalog unavailable",
              "the product " + sku + " could not be written; retry"));
        });
  }
}

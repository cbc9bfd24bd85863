package dev.vxplatform.inventory.catalog;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;
import dev.vxplatform.inventory.api.Inputs;
import dev.vxplatform.inventory.api.Reply;
import dev.vxplatform.inventory.api.RetryLaterException;
import dev.vxplatform.inventory.catalog.CatalogSeed.Line;
import dev.vxplatform.inventory.stock.StockMaps;
import dev.vxplatform.inventory.stock.StockStore;
import dev.vxplatform.shared.contract.stock.StockMutation;
import dev.vxplatform.shared.contract.stock.StockQuery;
import dev.vxplatform.shared.contract.stock.StockResult;
import dev.vxplatform.shared.web.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowIterator;
import io.vertx.sqlclient.Tuple;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Products in a Hazelcast ReplicatedMap (sku → product JSON): every member holds a full copy, so reads are
 * local and survive the loss of any member. Writes ({@code put}) block on replication and run on a worker.
 * Values are plain JSON strings, which every member can deserialize whatever it runs.
 *
 * <p>The copy is filled in the background (when this member starts, after every write elsewhere, and after a
 * split-brain merge), so it can lag. Every product is written to the products table before the map, so the table
 * tells "not here yet" from "does not exist": a read that misses asks it ({@link #get}). A starting member also
 * waits until its copy holds as many products as there are stock records ({@link #catchUp}).
 */
public final class Catalog {

  static final String PRODUCTS_TABLE = StockMaps.SCHEMA + ".products";
  static final long REPLICA_WAIT_MILLIS = 10_000;
  static final long REPLICA_POLL_MILLIS = 100;
  /** A miss's table read that has not answered by then is a 503: inside a gateway's 2 s attempt, not its timeout. */
  static final long TABLE_PATIENCE_MILLIS = 1_500;
  static final int RETRY_AFTER_SECONDS = 1;
  private static final Logger LOG = LoggerFactory.getLogger(Catalog.class);

  private final Vertx vertx;
  private final ReplicatedMap<String, String> products;
  private final StockStore stock;
  private final Pool database;

  private Catalog(Vertx vertx, ReplicatedMap<String, String> products, StockStore stock, Pool database) {
    this.vertx = vertx;
    this.products = products;
    this.stock = stock;
    this.database = database;
  }

  /** @param database the client of the products table (owned by the caller) */
  public static Future<Catalog> open(Vertx vertx, HazelcastInstance hazelcast, StockStore stock, Pool database) {
    return vertx.executeBlocking(() -> new Catalog(vertx, hazelcast.getReplicatedMap(StockMaps.CATALOG), stock,
        database));
  }

  /**
   * Puts back into the replicated map every product of the table it lacks: after a restart of the whole cluster
   * the map is empty, and the table holds every product ever written (each is written there first). Then reads
   * each product's stock, which loads its record: the audit visits the records in memory, and sees every sku.
   */
  public Future<Void> restore() {
    return database.query("SELECT sku, doc::text FROM " + PRODUCTS_TABLE).execute()
        .compose(rows -> vertx.executeBlocking(() -> {
          Map<String, String> stored = new HashMap<>();
          rows.forEach(row -> stored.put(row.getString(0), row.getString(1)));
          Map<String, String> missing = new HashMap<>(stored);
          missing.keySet().removeIf(products::containsKey);
          products.putAll(missing);
          if (!missing.isEmpty()) {
            LOG.info("Restored {} product(s) from the database", missing.size());
          }
          return stored.keySet();
        }, false))
        .compose(skus -> Future.all(skus.stream().map(sku -> stock.read(sku, StockQuery.counters())).toList()))
        .mapEmpty();
  }

  /**
   * A local read: true when this member's copy has the sku. False may only mean "not arrived yet": confirm
   * with the stock map before refusing (as reservations do).
   */
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

  /**
   * A local read. On a miss the products table decides, by its primary key: a row is the product (on its way to
   * this copy), none is a 404. The miss asks neither the stock map nor any other member, so a member cut off from
   * the partition owners, or whose copy came back from a merge incomplete, still answers it within
   * {@value #TABLE_PATIENCE_MILLIS} ms; a database that does not answer by then is a 503 with {@code Retry-After}.
   */
  public Future<Reply> get(JsonObject input) {
    String sku = Inputs.sku(input);
    String product = products.get(sku);
    if (product != null) {
      return Future.succeededFuture(Reply.ok(new JsonObject(product)));
    }
    return stored(sku).map(Reply::ok);
  }

  private Future<JsonObject> stored(String sku) {
    return database.preparedQuery("SELECT doc::text FROM " + PRODUCTS_TABLE + " WHERE sku = $1")
        .execute(Tuple.of(sku))
        .timeout(TABLE_PATIENCE_MILLIS, TimeUnit.MILLISECONDS)
        .transform(read -> {
          if (read.failed()) {
            LOG.warn("Product {} is not in this member's catalog copy, and reading the table failed: {}", sku,
                read.cause().toString());
            return Future.failedFuture(new RetryLaterException("Catalog unavailable", "the product " + sku
                + " is not in this instance's copy and the database did not answer in time; retry",
                RETRY_AFTER_SECONDS));
          }
          RowIterator<Row> rows = read.result().iterator();
          return rows.hasNext() ? Future.succeededFuture(new JsonObject(rows.next().getString(0)))
              : Future.failedFuture(new ProblemException(404, "Unknown sku", "no product with sku " + sku));
        });
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
    return poll(() -> lines.stream().allMatch(line -> contains(line.sku())) ? Boolean.TRUE : null, deadline,
        REPLICA_POLL_MILLIS).compose(all -> {
          if (all != null) {
            return Future.succeededFuture();
          }
          // The member that created their stock died before writing them: write the seed's version.
          List<Line> missing = lines.stream().filter(line -> !contains(line.sku())).toList();
          LOG.warn("{} seeded product(s) never arrived; writing them from the seed", missing.size());
          return Future.all(missing.stream().map(line -> put(line.product())).toList()).mapEmpty();
        });
  }

  /**
   * Waits until this member's copy holds at least as many products as there are stock records: every product
   * that existed when this was called is then here (products are never removed, and each has its stock record
   * first). Bounded: after {@code boundMillis} the member starts anyway, with a WARN; a sku whose product
   * write failed after its stock was created never arrives, and {@link #get} answers it with a 404. Never fails.
   */
  public Future<Void> catchUp(long boundMillis) {
    long start = System.currentTimeMillis();
    return stock.count()
        .compose(expected -> poll(() -> products.size() >= expected ? Boolean.TRUE : null, start + boundMillis,
            REPLICA_POLL_MILLIS)
            .onSuccess(caughtUp -> logCatchUp(caughtUp != null, expected, System.currentTimeMillis() - start)))
        .otherwise(failure -> {
          LOG.warn("Could not count the stock records ({}); not waiting for the catalog copy", failure.toString());
          return null;
        })
        .mapEmpty();
  }

  private void logCatchUp(boolean caughtUp, int expected, long waitedMillis) {
    if (caughtUp) {
      LOG.info("Catalog copy caught up: {} products for {} stock records, after {} ms", products.size(), expected,
          waitedMillis);
    } else {
      LOG.warn("Catalog copy holds {} products for {} stock records after {} ms; starting anyway (reads of the"
          + " missing ones are answered from the products table)", products.size(), expected, waitedMillis);
    }
  }

  /** Asks {@code probe} now, then every {@code everyMillis}, until it answers non-null or the deadline passed. */
  private <T> Future<T> poll(Supplier<T> probe, long deadline, long everyMillis) {
    T answer = probe.get();
    if (answer != null || System.currentTimeMillis() >= deadline) {
      return Future.succeededFuture(answer);
    }
    return vertx.timer(everyMillis).compose(v -> poll(probe, deadline, everyMillis));
  }

  /**
   * The previous product JSON, or null. The table first: it is the record the map is restored from. The product
   * goes as a JsonObject: the reactive client sends a String bound to a json parameter as a JSON string value.
   */
  private Future<String> put(JsonObject product) {
    String sku = product.getString("sku");
    return database.preparedQuery("INSERT INTO " + PRODUCTS_TABLE + " (sku, doc) VALUES ($1, $2::json)"
            + " ON CONFLICT (sku) DO UPDATE SET doc = EXCLUDED.doc").execute(Tuple.of(sku, product))
        .compose(written -> vertx.<String>executeBlocking(() -> products.put(sku, product.encode()), false))
        .recover(failure -> {
          LOG.warn("Writing product {} failed: {}", sku, failure.toString());
          return Future.failedFuture(new ProblemException(503, "Catalog unavailable",
              "the product " + sku + " could not be written; retry"));
        });
  }
}

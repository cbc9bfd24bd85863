package dev.vxplatform.inventory.stock;

import dev.vxplatform.inventory.api.Inputs;
import dev.vxplatform.inventory.api.Reply;
import dev.vxplatform.shared.cluster.ClusterMajority;
import dev.vxplatform.shared.contract.stock.StockOutcome;
import dev.vxplatform.shared.contract.stock.StockQuery;
import dev.vxplatform.shared.contract.stock.StockResult;
import dev.vxplatform.shared.web.ProblemException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The stock operations: read a sku's counters, restock it, and audit conservation over every sku. */
public final class Stock {

  /** Upper bound of one restock: a typo guard, not a business rule. */
  public static final long MAX_RESTOCK = 1_000_000;
  private static final Logger LOG = LoggerFactory.getLogger(Stock.class);

  private final StockStore store;
  private final StockTable table;
  private final ClusterMajority majority;

  public Stock(StockStore store, Pool pool, ClusterMajority majority) {
    this.store = store;
    this.table = new StockTable(pool);
    this.majority = majority;
  }

  /** {@code {sku}} → {@code {sku, available, reserved, sold}}; from the table on a member in a minority. */
  public Future<Reply> get(JsonObject input) {
    String sku = Inputs.sku(input);
    if (!majority.present()) {
      return table.counters(sku).map(Reply::ok);
    }
    return store.read(sku, StockQuery.counters()).map(outcome -> Reply.ok(counters(sku, known(sku, outcome))));
  }

  /** {@code {sku, qty}} → the counters after adding {@code qty} units. */
  public Future<Reply> restock(JsonObject input) {
    String sku = Inputs.sku(input);
    long qty = Inputs.wholeNumber(input, "qty", 1, MAX_RESTOCK);
    return store.restock(sku, qty).map(outcome -> {
      known(sku, outcome);
      LOG.info("Restocked {} by {}: {}", sku, qty, outcome);
      return Reply.ok(counters(sku, outcome));
    });
  }

  /**
   * {@code {}} → {@code {ok, skus:[{sku, initial, restocked, available, reserved, sold, ok}]}}. In a minority it
   * reads that side's copies, which may miss what the majority changed since the split.
   */
  public Future<Reply> audit(JsonObject input) {
    return store.audit()
        .recover(failure -> Future.failedFuture(new ProblemException(503, "Stock unavailable",
            "the audit could not read every partition: " + failure.getMessage())))
        .map(Stock::auditReply);
  }

  private static Reply auditReply(Map<String, StockOutcome> outcomes) {
    JsonArray skus = new JsonArray();
    boolean ok = true;
    for (Map.Entry<String, StockOutcome> entry : outcomes.entrySet()) {
      StockOutcome outcome = entry.getValue();
      boolean balanced = outcome.auditBalanced();
      if (!balanced) {
        LOG.error("Audit: stock of {} is out of balance: initial {} + restocked {} vs available {} + reserved {}"
            + " (held {}) + sold {} (committed {})", entry.getKey(), outcome.initial(), outcome.restocked(),
            outcome.available(), outcome.reserved(), outcome.heldTotal(), outcome.sold(), outcome.committedTotal());
      }
      ok &= balanced;
      skus.add(counters(entry.getKey(), outcome)
          .put("initial", outcome.initial())
          .put("restocked", outcome.restocked())
          .put("orders", outcome.holds())
          .put("ok", balanced));
    }
    return Reply.ok(new JsonObject().put("ok", ok).put("skus", skus));
  }

  static JsonObject counters(String sku, StockOutcome outcome) {
    return new JsonObject()
        .put("sku", sku)
        .put("available", outcome.available())
        .put("reserved", outcome.reserved())
        .put("sold", outcome.sold());
  }

  private static StockOutcome known(String sku, StockOutcome outcome) {
    if (outcome.result() == StockResult.UNKNOWN_SKU) {
      throw new ProblemException(404, "Unknown sku", "no stock for sku " + sku);
    }
    return outcome;
  }
}

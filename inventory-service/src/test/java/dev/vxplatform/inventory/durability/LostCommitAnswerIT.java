package dev.vxplatform.inventory.durability;

import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.vxplatform.inventory.InventoryConfig;
import dev.vxplatform.inventory.InventoryTesting;
import dev.vxplatform.inventory.stock.StockMaps;
import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.contract.stock.StockMutation;
import dev.vxplatform.shared.contract.stock.StockOutcome;
import dev.vxplatform.shared.contract.stock.StockRecord;
import dev.vxplatform.shared.contract.stock.StockResult;
import dev.vxplatform.shared.db.DatabaseConfig;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A stock write whose COMMIT happens but whose answer never comes back: PostgreSQL holds the commit (a trigger
 * sleeps past the client's socket timeout, {@link DatabaseConfig#DEFAULT_TIMEOUT_MILLIS}), the member gives up and
 * keeps its record as it was, and the server then commits anyway. The table is now one hold ahead of memory. The
 * next write of that sku must bring the tables back to exactly the record in memory, or a restart would load a hold
 * that the counters do not hold (and releasing it would free units that were never taken).
 */
class LostCommitAnswerIT {

  private static final long SLEEP_SECONDS = DatabaseConfig.DEFAULT_TIMEOUT_MILLIS / 1000 + 2;
  private static InventoryTesting inventory;

  @BeforeAll
  static void start() {
    inventory = InventoryTesting.start(1, InventoryConfig.forTests());
  }

  @AfterAll
  static void stop() {
    inventory.close();
  }

  @Test
  void theNextWriteOfTheSkuMakesTheTablesTheRecordInMemoryAgain() throws SQLException {
    String sku = "SKU-LOST-" + UUID.randomUUID();
    String lost = "lost-" + UUID.randomUUID();
    String next = "next-" + UUID.randomUUID();
    IMap<String, StockRecord> stock = ClusterMembership.of(inventory.node(0)).hazelcast().getMap(StockMaps.STOCK);
    stock.executeOnKey(sku, StockMutation.init(100));
    sleepOnceOnTheHoldOf(inventory, lost);

    assertThatThrownBy(() -> stock.executeOnKey(sku, hold(lost, 2))).as("the member sees the write fail")
        .hasStackTraceContaining("writing stock of " + sku);
    waitUntil("the server committed the write whose answer was lost", Duration.ofSeconds(SLEEP_SECONDS + 10),
        () -> inventory.queryNumber("SELECT count(*) FROM inventory.holds WHERE order_id = '" + lost + "'") == 1);

    StockOutcome held = stock.executeOnKey(sku, hold(next, 1));

    assertThat(held.result()).isEqualTo(StockResult.HELD);
    assertThat(held.reserved()).as("memory never held the lost write").isEqualTo(1);
    assertThat(inventory.queryNumber("SELECT reserved FROM inventory.stock WHERE sku = '" + sku + "'"))
        .isEqualTo(1);
    assertThat(inventory.queryNumber("SELECT coalesce(sum(qty), 0) FROM inventory.holds WHERE sku = '" + sku
        + "' AND state = 'RESERVED'")).as("the reserved holds in the table add up to the reserved counter")
        .isEqualTo(1);
    assertThat(inventory.queryNumber("SELECT count(*) FROM inventory.holds WHERE order_id = '" + lost + "'"))
        .isZero();
  }

  /**
   * The lost write was the commit of a cold hold (in the table only): memory still counts it cold, so the table must
   * show it reserved again, as it was, and a retried commit must find it so.
   */
  @Test
  void aColdHoldWhoseCommitAnswerWasLostIsReservedInTheTableAgainAndCommitsOnRetry() throws SQLException {
    String sku = "SKU-LOST-COLD-" + UUID.randomUUID();
    String cold = "cold-" + UUID.randomUUID();
    IMap<String, StockRecord> stock = commitOfAColdHoldWhoseAnswerIsLost(sku, cold);

    assertThat(stock.executeOnKey(sku, hold("next-" + UUID.randomUUID(), 1)).result()).isEqualTo(StockResult.HELD);
    assertThat(inventory.queryNumber("SELECT coalesce(sum(qty), 0) FROM inventory.holds WHERE sku = '" + sku
        + "' AND state = 'RESERVED'")).as("the reserved holds in the table add up to the reserved counter")
        .isEqualTo(inventory.queryNumber("SELECT reserved FROM inventory.stock WHERE sku = '" + sku + "'"))
        .isEqualTo(4);

    StockOutcome retried = stock.executeOnKey(sku, StockMutation.commit(cold));
    assertThat(retried.result()).isEqualTo(StockResult.COMMITTED);
    assertThat(retried.sold()).isEqualTo(3);
    assertThat(inventory.queryNumber("SELECT sold + 10 * reserved + 100 * cold_holds FROM inventory.stock"
        + " WHERE sku = '" + sku + "'")).as("sold 3, reserved 1, no cold hold").isEqualTo(13);
  }

  /**
   * After such a lost write, the next write reads the cold hold back as the table had it and removes it (an
   * unhold): the whole write must then delete its row, not put the remembered copy back.
   */
  @Test
  void aColdHoldReadBackAfterALostWriteAndThenRolledBackLeavesItsTombstoneOnly() throws SQLException {
    String sku = "SKU-LOST-UNHOLD-" + UUID.randomUUID();
    String cold = "cold-" + UUID.randomUUID();
    IMap<String, StockRecord> stock = commitOfAColdHoldWhoseAnswerIsLost(sku, cold);

    StockOutcome unheld = stock.executeOnKey(sku, StockMutation.unhold(cold, "a", 0)); // "a" began long ago

    assertThat(unheld.result()).isEqualTo(StockResult.UNHELD);
    assertThat(inventory.queryNumber("SELECT count(*) FROM inventory.holds WHERE order_id = '" + cold + "'"
        + " AND NOT (state = 'NONE' AND qty = 0)")).as("the rolled-back hold's row, other than its tombstone").isZero();
    assertThat(inventory.queryNumber("SELECT available + 1000 * reserved + 100000 * sold + 10000000 * cold_holds"
        + " FROM inventory.stock WHERE sku = '" + sku + "'")).as("100 available, nothing else").isEqualTo(100);
  }

  /**
   * The owner dies before the sku's next write: the member that takes the sku over never saw the failed write, and
   * must still write the sku whole the first time it writes it.
   */
  @Test
  void theNextOwnerWritesTheSkuWholeAfterTheOwnerWithTheLostAnswerDies() throws SQLException {
    try (InventoryTesting pair = InventoryTesting.start(2, InventoryConfig.forTests())) {
      String sku = "SKU-LOST-CRASH-" + UUID.randomUUID();
      String lost = "lost-" + UUID.randomUUID();
      HazelcastInstance first = ClusterMembership.of(pair.node(0)).hazelcast();
      first.<String, StockRecord>getMap(StockMaps.STOCK).executeOnKey(sku, StockMutation.init(100));
      int owner = pair.ownerOf(sku);
      IMap<String, StockRecord> stock = ClusterMembership.of(pair.node(owner)).hazelcast().getMap(StockMaps.STOCK);
      sleepOnceOnTheHoldOf(pair, lost);

      assertThatThrownBy(() -> stock.executeOnKey(sku, hold(lost, 2))).as("the member sees the write fail")
          .hasStackTraceContaining("writing stock of " + sku);
      waitUntil("the server committed the write whose answer was lost", Duration.ofSeconds(SLEEP_SECONDS + 10),
          () -> pair.queryNumber("SELECT count(*) FROM inventory.holds WHERE order_id = '" + lost + "'") == 1);
      HazelcastInstance survivor = ClusterMembership.of(pair.node(pair.crashOwnerOf(sku))).hazelcast();

      StockOutcome held = survivor.<String, StockRecord>getMap(StockMaps.STOCK)
          .executeOnKey(sku, hold("next-" + UUID.randomUUID(), 1));

      assertThat(held.reserved()).as("no member's memory ever held the lost write").isEqualTo(1);
      assertThat(pair.queryNumber("SELECT coalesce(sum(qty), 0) FROM inventory.holds WHERE sku = '" + sku
          + "' AND state = 'RESERVED'")).as("the reserved holds in the table add up to the reserved counter")
          .isEqualTo(pair.queryNumber("SELECT reserved FROM inventory.stock WHERE sku = '" + sku + "'"))
          .isEqualTo(1);
    }
  }

  /**
   * A sku of 100 units, 3 of them held by {@code orderId} (attempt "a") in a cold hold, in the table only; then the
   * commit of that hold, whose answer is lost after the server committed it. Answers the member's stock map.
   */
  private static IMap<String, StockRecord> commitOfAColdHoldWhoseAnswerIsLost(String sku, String orderId)
      throws SQLException {
    long longAgo = System.currentTimeMillis() - 2 * StockRecord.RESERVED_HOLD_WARM_MILLIS;
    inventory.sql("INSERT INTO inventory.stock (sku, initial, restocked, available, reserved, sold, pruned_sold,"
        + " last_prune_at, cold_up_to, cold_holds, cold_reserved) VALUES ('" + sku + "', 100, 0, 97, 3, 0, 0, "
        + System.currentTimeMillis() + ", " + longAgo + ", 1, 3)");
    inventory.sql("INSERT INTO inventory.holds (sku, order_id, qty, state, attempt, changed_at) VALUES ('" + sku
        + "', '" + orderId + "', 3, 'RESERVED', 'a', " + longAgo + ")");
    IMap<String, StockRecord> stock = ClusterMembership.of(inventory.node(0)).hazelcast().getMap(StockMaps.STOCK);
    sleepOnceOnTheHoldOf(inventory, orderId);
    assertThatThrownBy(() -> stock.executeOnKey(sku, StockMutation.commit(orderId))).as("the member sees it fail")
        .hasStackTraceContaining("writing stock of " + sku);
    waitUntil("the server committed the write whose answer was lost", Duration.ofSeconds(SLEEP_SECONDS + 10),
        () -> inventory.queryNumber("SELECT sold FROM inventory.stock WHERE sku = '" + sku + "'") == 3);
    return stock;
  }

  private static StockMutation hold(String orderId, long qty) {
    return StockMutation.hold(orderId, "attempt-" + orderId, System.currentTimeMillis(), qty, false);
  }

  /**
   * The first write of {@code orderId}'s hold sleeps at its COMMIT (a deferred constraint trigger: it runs as the
   * transaction commits, whether the write is one statement or several), then commits; later ones do not.
   */
  private static void sleepOnceOnTheHoldOf(InventoryTesting cluster, String orderId) throws SQLException {
    cluster.sql("CREATE TABLE IF NOT EXISTS inventory.sleep_once (order_id text PRIMARY KEY)");
    cluster.sql("INSERT INTO inventory.sleep_once VALUES ('" + orderId + "') ON CONFLICT DO NOTHING");
    cluster.sql("CREATE OR REPLACE FUNCTION inventory.sleep_once() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        + " DELETE FROM inventory.sleep_once WHERE order_id = NEW.order_id;"
        + " IF FOUND THEN PERFORM pg_sleep(" + SLEEP_SECONDS + "); END IF; RETURN NEW; END $$");
    cluster.sql("DROP TRIGGER IF EXISTS sleep_once ON inventory.holds");
    cluster.sql("CREATE CONSTRAINT TRIGGER sleep_once AFTER INSERT OR UPDATE ON inventory.holds"
        + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION inventory.sleep_once()");
  }
}

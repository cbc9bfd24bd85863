package dev.vxplatform.order.testing;

import static dev.vxplatform.shared.testing.TestCluster.await;
import static dev.vxplatform.shared.testing.TestCluster.waitUntil;

import dev.vxplatform.order.OrderConfig;
import dev.vxplatform.order.OrderVerticle;
import dev.vxplatform.order.idempotency.IdempotencyOptions;
import dev.vxplatform.order.inventory.InventoryClientOptions;
import dev.vxplatform.order.reconciler.LeadershipListener;
import dev.vxplatform.order.orders.OrderStore;
import dev.vxplatform.order.reconciler.ReconcilerOptions;
import dev.vxplatform.shared.cluster.ClusterConfig;
import dev.vxplatform.shared.cluster.CpConfig;
import dev.vxplatform.shared.db.Database;
import dev.vxplatform.shared.db.DatabaseConfig;
import dev.vxplatform.shared.testing.ApiContract;
import dev.vxplatform.shared.testing.TestCluster;
import dev.vxplatform.shared.testing.TestDatabase;
import dev.vxplatform.shared.testing.TestTokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.ext.web.client.WebClientOptions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/** A loopback cluster of order-service nodes (with the order maps configured) and an HTTP client for them. */
public final class OrderCluster implements AutoCloseable {

  /** Short timings so that outage and reconciler tests finish in seconds. */
  public static final InventoryClientOptions FAST_INVENTORY = new InventoryClientOptions(1000, 2, 3000);
  /**
   * Orders PENDING for 1.5 s are reconciled: long enough that on a busy machine the request placing an order (every
   * write now goes through to the database) is never taken for a dead one (with 0.5 s, CI saw the reconciler reject
   * an order its request was still reserving).
   */
  public static final ReconcilerOptions FAST_RECONCILER = new ReconcilerOptions(true, 250, 1500, 100);

  private final TestCluster cluster;
  private final List<OrderVerticle> orders = new ArrayList<>();
  private final WebClient client;

  private OrderCluster(TestCluster cluster) {
    this.cluster = cluster;
    cluster.nodes().forEach(node -> orders.add(null));
    // An operator's token: these tests are about orders, not about who may place them (OrderAccessIT is).
    this.client = WebClientSession.create(WebClient.create(cluster.node(0), new WebClientOptions(),
        new PoolOptions().setHttp1MaxSize(32))).addHeader("Authorization", TestTokens.operator());
  }

  /** {@code size} data members backed by a new, empty database. */
  public static OrderCluster start(int size) {
    return start(size, ClusterConfig.DEFAULT_MIN_CLUSTER_SIZE);
  }

  /** Members with {@code CLUSTER_MIN_SIZE = minClusterSize}: order writes need that many data members. */
  public static OrderCluster start(int size, int minClusterSize) {
    return new OrderCluster(TestCluster.startWithDatabase(size, minClusterSize));
  }

  /** Members with the CP subsystem on ({@code cp}): the reconciler's lock is a Raft lock, as on the launcher's cluster. */
  public static OrderCluster startWithCp(int size, CpConfig cp) {
    return new OrderCluster(TestCluster.startWithDatabase(size, ClusterConfig.DEFAULT_MIN_CLUSTER_SIZE,
        TestDatabase.create(), cp::applyTo));
  }

  /** A new cluster on the database of one that is gone: what a restart of every node finds. */
  public static OrderCluster restart(int size, DatabaseConfig database) {
    return new OrderCluster(TestCluster.startWithDatabase(size, ClusterConfig.DEFAULT_MIN_CLUSTER_SIZE, database));
  }

  /** The one number {@code sql} answers, asked of the cluster's database directly (the record, whatever the maps say). */
  public long rows(String sql) {
    try (Connection connection = Database.of(cluster.node(0)).dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed: " + e, e);
    }
  }

  /** The order store as seen from node {@code index}, with a database client of its own (closed with the node). */
  public OrderStore store(int index) {
    Vertx node = cluster.node(index);
    return await(OrderStore.open(node, Database.of(node).pool(node)));
  }

  public static OrderConfig fastConfig() {
    return OrderConfig.forTests().withInventory(FAST_INVENTORY).withReconciler(FAST_RECONCILER)
        .withIdempotency(IdempotencyOptions.defaults());
  }

  public TestCluster cluster() {
    return cluster;
  }

  public Vertx node(int index) {
    return cluster.node(index);
  }

  /** Deploys an order-service on each node, with the given config and lease listener. */
  public void deployOrders(OrderConfig config, LeadershipListener listener) {
    deployOrdersOn(config, listener, IntStream.range(0, cluster.nodes().size()).boxed().toList());
  }

  /** Deploys an order-service on the given nodes only. */
  public void deployOrdersOn(OrderConfig config, LeadershipListener listener, List<Integer> nodes) {
    for (int index : nodes) {
      OrderVerticle verticle = new OrderVerticle(config, listener);
      await(cluster.node(index).deployVerticle(verticle));
      orders.set(index, verticle);
    }
  }

  /** Deploys one more order-service on node {@code index} (another config, its own port); not tracked as live. */
  public OrderVerticle deployExtra(int index, OrderConfig config) {
    OrderVerticle verticle = new OrderVerticle(config, LeadershipListener.logging());
    await(cluster.node(index).deployVerticle(verticle));
    return verticle;
  }

  /** The order-service on node {@code index}, or {@code null} once it was undeployed or its node crashed. */
  public OrderVerticle orders(int index) {
    return orders.get(index);
  }

  public List<OrderVerticle> liveOrders() {
    return orders.stream().filter(Objects::nonNull).toList();
  }

  /** Undeploys the order-service of node {@code index} gracefully; the node stays in the cluster. */
  public void undeployOrders(int index) {
    OrderVerticle verticle = orders.set(index, null);
    await(cluster.node(index).undeploy(verticle.deploymentID()));
  }

  /** Terminates the Hazelcast member of node {@code index} (no graceful leave), then closes its Vert.x. */
  public void crash(int index) {
    orders.set(index, null);
    cluster.crash(cluster.node(index));
  }

  /** Deploys {@code fake} on {@code node}, waits until every order-service sees it, answers its deployment id. */
  public String deployInventory(int node, FakeInventoryVerticle fake) {
    return awaitInventorySeen(await(cluster.node(node).deployVerticle(fake)));
  }

  /** Deploys the real inventory-service on {@code node} and waits until every order-service sees it. */
  public String deployRealInventory(int node) {
    return awaitInventorySeen(RealInventory.deploy(cluster.node(node)));
  }

  private String awaitInventorySeen(String id) {
    waitUntil("every order-service sees inventory", Duration.ofSeconds(5),
        () -> liveOrders().stream().allMatch(OrderVerticle::seesInventory));
    return id;
  }

  public void undeploy(int node, String deploymentId) {
    await(cluster.node(node).undeploy(deploymentId));
  }

  public HttpResponse<Buffer> post(int node, String path, JsonObject body, Map<String, String> headers) {
    return await(postAsync(node, path, body, headers));
  }

  public Future<HttpResponse<Buffer>> postAsync(int node, String path, JsonObject body, Map<String, String> headers) {
    HttpRequest<Buffer> request = client.post(orders.get(node).port(), "127.0.0.1", path);
    headers.forEach(request::putHeader);
    return (body == null ? request.send() : request.sendJsonObject(body))
        .map(response -> checked("POST", path, body, response));
  }

  public HttpResponse<Buffer> postTo(OrderVerticle verticle, JsonObject body, Map<String, String> headers) {
    HttpRequest<Buffer> request = client.post(verticle.port(), "127.0.0.1", "/orders");
    headers.forEach(request::putHeader);
    return checked("POST", "/orders", body, await(request.sendJsonObject(body)));
  }

  public HttpResponse<Buffer> postRaw(int node, String path, String body) {
    return checked("POST", path, body, await(client.post(orders.get(node).port(), "127.0.0.1", path)
        .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body))));
  }

  public HttpResponse<Buffer> get(int node, String path) {
    return checked("GET", path, null, await(client.get(orders.get(node).port(), "127.0.0.1", path).send()));
  }

  /** Every answer a test gets is held against the public API's contract (shared's {@code ApiContract}). */
  private static HttpResponse<Buffer> checked(String method, String path, Object body,
      HttpResponse<Buffer> response) {
    ApiContract.check(method, path, body, response.statusCode(), response.getHeader("Content-Type"),
        response.body());
    return response;
  }

  public WebClient client() {
    return client;
  }

  public static JsonObject order(String customerId, Map<String, Integer> items) {
    JsonArray lines = new JsonArray();
    items.forEach((sku, qty) -> lines.add(new JsonObject().put("sku", sku).put("qty", qty)));
    return new JsonObject().put("customerId", customerId).put("items", lines);
  }

  @Override
  public void close() {
    client.close();
    cluster.close();
  }
}

package dev.vxplatform.inventory;

import static dev.vxplatform.shared.testing.TestCluster.await;
import static dev.vxplatform.shared.testing.TestCluster.waitUntil;

import com.hazelcast.core.HazelcastInstance;
import dev.vxplatform.shared.cluster.ClusterMembership;
import dev.vxplatform.shared.db.DatabaseConfig;
import dev.vxplatform.shared.testing.ApiContract;
import dev.vxplatform.shared.testing.TestCluster;
import dev.vxplatform.shared.testing.TestTokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Inventory verticles on a loopback {@link TestCluster}, and HTTP and event-bus helpers to call them. The HTTP
 * client lives on a Vert.x of its own, so crashing a node never takes the client down. Blocking methods are
 * for test threads; {@code *Async} ones compose.
 */
public final class InventoryTesting implements AutoCloseable {

  static final long REQUEST_TIMEOUT_MILLIS = 30_000;

  public final TestCluster cluster;
  private final Map<Vertx, Integer> ports = new ConcurrentHashMap<>();
  private final Vertx clientVertx = Vertx.vertx();
  private final WebClient client = WebClient.create(clientVertx, new WebClientOptions(),
      new PoolOptions().setHttp1MaxSize(32));

  /** The answer of an HTTP call; {@code retryAfter} and {@code challenge} are its Retry-After and WWW-Authenticate. */
  public record Response(int status, String contentType, Buffer body, String retryAfter, String challenge) {
    public JsonObject json() {
      return body == null || body.length() == 0 ? new JsonObject() : body.toJsonObject();
    }

    public boolean isProblem() {
      return "application/problem+json".equals(contentType);
    }

    @Override
    public String toString() {
      return status + " " + (body == null ? "" : body.toString());
    }
  }

  private InventoryTesting(TestCluster cluster) {
    this.cluster = cluster;
  }

  /** {@code size} data members, each running the inventory verticle with {@code config}. */
  public static InventoryTesting start(int size, InventoryConfig config) {
    InventoryTesting inventory = new InventoryTesting(TestCluster.startWithDatabase(size, 0));
    try {
      for (Vertx node : inventory.cluster.nodes()) {
        inventory.deploy(node, config);
      }
    } catch (RuntimeException e) {
      inventory.close();
      throw e;
    }
    return inventory;
  }

  /** {@code size} data members without the service: deploy it where wanted. */
  public static InventoryTesting startWithoutService(int size) {
    return startWithoutService(size, 0);
  }

  /** As {@link #startWithoutService(int)}, with the split-brain protection's {@code CLUSTER_MIN_SIZE}. */
  public static InventoryTesting startWithoutService(int size, int minClusterSize) {
    return new InventoryTesting(TestCluster.startWithDatabase(size, minClusterSize));
  }

  public int deploy(Vertx node, InventoryConfig config) {
    return await(deployAsync(node, config));
  }

  /** Completes with the HTTP port once the verticle has started (and so published itself). */
  public Future<Integer> deployAsync(Vertx node, InventoryConfig config) {
    InventoryVerticle verticle = new InventoryVerticle(config);
    return node.deployVerticle(verticle).map(id -> {
      ports.put(node, verticle.port());
      return verticle.port();
    });
  }

  public Vertx node(int index) {
    return cluster.node(index);
  }

  public int port(int index) {
    return ports.get(node(index));
  }

  public List<Vertx> nodes() {
    return cluster.nodes();
  }

  /** The index of the member that owns {@code sku}'s partition now (of a two-member cluster). */
  public int ownerOf(String sku) {
    return ClusterMembership.of(node(0)).hazelcast().getPartitionService().getPartition(sku).getOwner()
        .localMember() ? 0 : 1;
  }

  /**
   * Crashes the member that owns {@code sku} (of a two-member cluster) and waits until the other owns it and every
   * backup is in sync again; answers the survivor's index.
   */
  public int crashOwnerOf(String sku) {
    int owner = ownerOf(sku);
    HazelcastInstance alone = ClusterMembership.of(node(1 - owner)).hazelcast();
    cluster.crash(node(owner));
    waitUntil("the survivor owns " + sku, Duration.ofSeconds(60),
        () -> alone.getPartitionService().getPartition(sku).getOwner() != null
            && alone.getPartitionService().getPartition(sku).getOwner().localMember()
            && alone.getPartitionService().isClusterSafe());
    return 1 - owner;
  }

  public static String nodeId(Vertx node) {
    return ClusterMembership.of(node).nodeId();
  }

  /** With an operator's token: most tests are about stock, not about who may change it. */
  public Future<Response> httpAsync(HttpMethod method, int port, String path, Object body) {
    return httpAs(TestTokens.operator(), method, port, path, body);
  }

  /** @param authorization the Authorization header, null for none */
  public Future<Response> httpAs(String authorization, HttpMethod method, int port, String path, Object body) {
    var request = client.request(method, port, "127.0.0.1", path).timeout(REQUEST_TIMEOUT_MILLIS);
    if (authorization != null) {
      request.putHeader("Authorization", authorization);
    }
    var sent = body == null ? request.send()
        : request.putHeader("Content-Type", "application/json").sendBuffer(body instanceof JsonObject json
            ? json.toBuffer() : Buffer.buffer(body.toString()));
    return sent.map(response -> {
      // Every answer a test gets is held against the public API's contract (shared's ApiContract).
      ApiContract.check(method.name(), path, body, response.statusCode(), response.getHeader("Content-Type"),
          response.body());
      return new Response(response.statusCode(), response.getHeader("Content-Type"), response.body(),
          response.getHeader("Retry-After"), response.getHeader("WWW-Authenticate"));
    });
  }

  public Response http(HttpMethod method, int port, String path, Object body) {
    return await(httpAsync(method, port, path, body));
  }

  public Response get(int port, String path) {
    return http(HttpMethod.GET, port, path, null);
  }

  /** An event-bus request from {@code node}; a failure is a {@link ReplyException}. */
  public Future<JsonObject> requestAsync(Vertx node, String address, Object body) {
    return node.eventBus().<JsonObject>request(address, body, new DeliveryOptions()
        .setSendTimeout(REQUEST_TIMEOUT_MILLIS)).map(message -> message.body());
  }

  /** Creates the product and gives it {@code units} of stock; answers the stock. */
  public JsonObject product(int port, String sku, long units) {
    Response put = http(HttpMethod.PUT, port, "/products/" + sku,
        new JsonObject().put("name", "Test " + sku).put("priceCents", 100));
    if (put.status() / 100 != 2) {
      throw new AssertionError("PUT /products/" + sku + " answered " + put);
    }
    if (units == 0) {
      return get(port, "/stock/" + sku).json();
    }
    Response restock = http(HttpMethod.POST, port, "/stock/" + sku + "/restock", new JsonObject().put("qty", units));
    if (restock.status() != 200) {
      throw new AssertionError("restock of " + sku + " answered " + restock);
    }
    return restock.json();
  }

  public static JsonObject reservation(String orderId, Object... skuAndQty) {
    var items = new JsonArray();
    for (int i = 0; i < skuAndQty.length; i += 2) {
      items.add(new JsonObject().put("sku", skuAndQty[i]).put("qty", skuAndQty[i + 1]));
    }
    return new JsonObject().put("orderId", orderId).put("items", items);
  }

  /** A connection to the cluster's database, for a test that looks at or changes the tables themselves. */
  public Connection connectToDatabase() throws SQLException {
    DatabaseConfig database = cluster.database();
    return DriverManager.getConnection(database.url(), database.user(), database.password());
  }

  /** Runs one SQL statement on the cluster's database. */
  public void sql(String statement) throws SQLException {
    try (Connection connection = connectToDatabase(); Statement sql = connection.createStatement()) {
      sql.execute(statement);
    }
  }

  /** The first column of {@code query}'s first row as a number (a count, a sum) from the cluster's database. */
  public long queryNumber(String query) {
    try (Connection connection = connectToDatabase(); Statement sql = connection.createStatement();
        ResultSet result = sql.executeQuery(query)) {
      result.next();
      return result.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(query, e);
    }
  }

  public static int failureCode(Throwable failure) {
    return failure instanceof ReplyException reply ? reply.failureCode() : -1;
  }

  @Override
  public void close() {
    client.close();
    clientVertx.close();
    cluster.close();
  }
}

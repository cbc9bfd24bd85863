package dev.vxplatform.loadtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code TLS=1 infra/local-cluster.sh up}: the gateway answers HTTPS with a certificate of the run's own CA
 * ({@code RUN_DIR/tls/ca.pem}) and closes plaintext connections, a token-authenticated order goes through it to the
 * services (over HTTPS and the mutual-TLS event bus), a restarted node joins with TLS too, and {@code down} leaves
 * no process behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalClusterTlsIT {

  private static final Logger LOG = LoggerFactory.getLogger(LocalClusterTlsIT.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static LocalCluster cluster;
  private static HttpClient https;

  @BeforeAll
  static void up() throws Exception {
    cluster = new LocalCluster(1, 1, Map.of("TLS", "1"));
    String output = cluster.run("up");
    LOG.info("TLS=1 local-cluster.sh up:\n{}", output);
    assertThat(output).contains("All 3 nodes ready", "Gateway: https://127.0.0.1:" + cluster.gatewayPort(),
        "curl --cacert " + cluster.runDir().resolve("tls/ca.pem") + " https://127.0.0.1:" + cluster.gatewayPort());
    // HTTP/1.1: the JDK client's h2 default hangs now and then on a large first answer.
    https = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2))
        .sslContext(trusting(cluster.runDir().resolve("tls/ca.pem"))).build();
  }

  @AfterAll
  static void down() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void gatewayAnswersHttpsWithTheRunsCaAndStatusSeesEveryNodeReady() throws Exception {
    HttpResponse<String> products = https.send(get("/api/products").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(products.statusCode()).as(products.body()).isEqualTo(200);
    assertThat(new JsonObject(products.body()).getJsonArray("products")).isNotEmpty();
    String status = cluster.run("status");
    for (String node : cluster.serviceNodes()) {
      assertThat(status).as("readiness, asked on the management port").containsPattern("(?m)^" + node + "\\s.*\\syes$");
    }
  }

  @Test
  @Order(1)
  void plaintextRequestToTheGatewayGetsNoHttpAnswer() {
    HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cluster.gatewayPort()
        + "/api/products")).timeout(TIMEOUT).build();
    assertThatThrownBy(() -> plain.send(request, HttpResponse.BodyHandlers.ofString()))
        .as("the connection is closed, no status line comes back").isInstanceOf(IOException.class)
        .isNotInstanceOf(HttpTimeoutException.class);
  }

  @Test
  @Order(2)
  void tokenAuthenticatedOrderIsPlacedOverHttps() {
    assertThat(placeOrder().statusCode()).isEqualTo(201);
  }

  @Test
  @Order(3)
  void restartedNodeJoinsWithTls() {
    cluster.run("restart", "order-1");
    assertThat(placeOrder().statusCode()).as("an order through the restarted node").isEqualTo(201);
    assertThat(cluster.run("status")).containsPattern("(?m)^order-1\\s.*\\syes$");
  }

  @Test
  @Order(4)
  void downLeavesNoProcessBehind() {
    List<Long> pids = cluster.nodes().stream().map(cluster::pid).toList();
    cluster.run("down");
    assertThat(pids).isNotEmpty()
        .allSatisfy(pid -> assertThat(LocalCluster.isRunning(pid)).as("process %d is gone", pid).isFalse());
  }

  /**
   * POST /api/orders over HTTPS with a token of the run's key pair, sent again with the same Idempotency-Key while
   * the answer is 503 (up to 30 s, a second apart: a client's pacing after Retry-After).
   */
  private static HttpResponse<String> placeOrder() {
    String sku;
    try {
      sku = new JsonObject(https.send(get("/api/products").build(), HttpResponse.BodyHandlers.ofString()).body())
          .getJsonArray("products").getJsonObject(0).getString("sku");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
    // No customerId: the order is the token's subject's.
    String order = new JsonObject()
        .put("items", new JsonArray().add(new JsonObject().put("sku", sku).put("qty", 1))).encode();
    String key = "tls-it-" + UUID.randomUUID();
    String bearer = "Bearer " + cluster.token();
    Supplier<HttpResponse<String>> place = () -> {
      try {
        return https.send(HttpRequest.newBuilder(URI.create(gateway() + "/api/orders")).timeout(TIMEOUT)
            .header("Content-Type", "application/json").header("Idempotency-Key", key)
            .header("Authorization", bearer).POST(HttpRequest.BodyPublishers.ofString(order)).build(),
            HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted");
      }
    };
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    HttpResponse<String> placed = place.get();
    while (placed.statusCode() == 503 && System.nanoTime() < deadline) {
      LOG.info("POST /api/orders answered 503, retrying with the same key: {}", placed.body());
      placed = CompletableFuture.supplyAsync(place, CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS)).join();
    }
    LOG.info("POST /api/orders over HTTPS: {} {}", placed.statusCode(), placed.body());
    return placed;
  }

  private static String gateway() {
    return "https://127.0.0.1:" + cluster.gatewayPort();
  }

  private static HttpRequest.Builder get(String path) {
    return HttpRequest.newBuilder(URI.create(gateway() + path)).timeout(TIMEOUT);
  }

  /** TLS trusting this CA only (host names verified as always: the certificate names 127.0.0.1). */
  private static SSLContext trusting(Path caFile) throws IOException, GeneralSecurityException {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    try (InputStream in = Files.newInputStream(caFile)) {
      Certificate ca = CertificateFactory.getInstance("X.509").generateCertificate(in);
      trusted.setCertificateEntry("local-ca", ca);
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}

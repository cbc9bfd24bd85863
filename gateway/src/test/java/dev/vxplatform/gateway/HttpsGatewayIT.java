package dev.vxplatform.gateway;

import static dev.vxplatform.shared.testing.TestCluster.await;
import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.vxplatform.shared.discovery.RegistryOptions;
import dev.vxplatform.shared.security.TlsConfig;
import dev.vxplatform.shared.testing.TestCertificates;
import dev.vxplatform.shared.testing.TestCluster;
import dev.vxplatform.shared.testing.TestTokens;
import dev.vxplatform.shared.web.HttpConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathBuilderException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway with {@code TLS_*} set, on a cluster whose event bus is on TLS too: HTTPS verified against the local CA
 * at the edge, HTTPS to instances verified against the same CA and their host, and nothing for plaintext.
 */
class HttpsGatewayIT {

  private static TestCertificates ca;
  private static TestCluster cluster;
  private static GatewayVerticle gateway;
  private static HttpsBackend secure;
  private static HttpsBackend misnamed;
  private static Vertx clientVertx;
  private static WebClient https;
  private static WebClient plain;

  @BeforeAll
  static void start() {
    ca = TestCertificates.authority("local-ca");
    TlsConfig node = ca.issue("node");
    cluster = TestCluster.startWithTls(2, node);
    secure = HttpsBackend.start(cluster.node(0), "secure-service", node);
    // Signed by the CA, but for a host the gateway does not connect to.
    misnamed = HttpsBackend.start(cluster.node(0), "misnamed-service", ca.issue("misnamed", "DNS:elsewhere.example"));
    JsonObject config = new JsonObject().put("readsPerSecond", 0).put("writesPerSecond", 0)
        .put("maxRetries", 0)
        .put("routes", new JsonArray()
            .add(new JsonObject().put("prefix", "/api/secure").put("service", "secure-service"))
            .add(new JsonObject().put("prefix", "/api/misnamed").put("service", "misnamed-service")));
    gateway = new GatewayVerticle(GatewayConfig.from(HttpConfig.ephemeral().withTls(node), RegistryOptions.defaults(),
        config));
    await(cluster.node(1).deployVerticle(gateway));
    clientVertx = Vertx.vertx();
    https = WebClient.create(clientVertx, new WebClientOptions().setSsl(true).setVerifyHost(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(ca.caFile().toString())));
    plain = WebClient.create(clientVertx);
    waitUntil("the gateway knows both instances", Duration.ofSeconds(10), () -> {
      String instances = await(plain.get(gateway.managementPort(), "127.0.0.1", "/admin/instances").send())
          .bodyAsString();
      return instances.contains("\"port\":" + secure.port()) && instances.contains("\"port\":" + misnamed.port());
    });
  }

  @AfterAll
  static void stop() {
    if (clientVertx != null) {
      await(clientVertx.close());
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void answersHttpsVerifiedAgainstTheLocalCaAndCallsTheInstanceOverHttps() {
    HttpResponse<Buffer> response = await(https.get(gateway.port(), "127.0.0.1", "/api/secure/hello?x=1")
        .putHeader("Authorization", TestTokens.operator())
        .send());

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    JsonObject seen = response.bodyAsJsonObject();
    assertThat(seen.getString("uri")).isEqualTo("/secure/hello?x=1");
    assertThat(seen.getBoolean("ssl")).as("the instance was called over TLS").isTrue();
    assertThat(seen.getString("forwardedProto")).isEqualTo("https");
  }

  @Test
  void aClientThatDoesNotTrustTheLocalCaRefusesTheGateway() {
    WebClient trustingTheJdkOnly = WebClient.create(clientVertx, new WebClientOptions().setSsl(true));

    Throwable failure = catchThrowable(() -> await(trustingTheJdkOnly.get(gateway.port(), "127.0.0.1", "/health/live")
        .send()));

    assertThat(failure).hasCauseInstanceOf(ExecutionException.class)
        .cause().hasCauseInstanceOf(SSLHandshakeException.class)
        .rootCause().as("no path from the gateway's certificate to a CA the JDK trusts")
        .isInstanceOf(CertPathBuilderException.class);
  }

  @Test
  void aPlaintextRequestToTheGatewayGetsItsConnectionClosedWithoutAnHttpAnswer() throws IOException {
    assertThat(plaintextAnswer(gateway.port())).isEmpty();
  }

  @Test
  void aPlaintextRequestToAnInstanceGetsItsConnectionClosedWithoutAnHttpAnswer() throws IOException {
    assertThat(plaintextAnswer(secure.port())).isEmpty();
  }

  @Test
  void anInstanceWhoseCertificateDoesNotNameItsHostIsNeverSentTheRequest() {
    HttpResponse<Buffer> response = await(https.get(gateway.port(), "127.0.0.1", "/api/misnamed/hello")
        .putHeader("Authorization", TestTokens.operator())
        .send());

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(502);
    assertThat(misnamed.received).hasValue(0);
  }

  /**
   * What a plaintext HTTP/1.1 request to {@code port} gets back before the server closes the connection (an empty
   * string: nothing); fails if the connection stays open.
   */
  private static String plaintextAnswer(int port) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000); // a read timing out means the server neither answered nor closed: a failure
      socket.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      try {
        for (int b = in.read(); b != -1; b = in.read()) {
          answer.write(b);
        }
      } catch (SocketException reset) {
        // closed with a reset rather than a FIN: closed all the same
      }
      return answer.toString(StandardCharsets.ISO_8859_1);
    }
  }
}

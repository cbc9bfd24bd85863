package dev.vxplatform.shared.cluster;

import static dev.vxplatform.shared.testing.TestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.vxplatform.shared.security.TlsConfig;
import dev.vxplatform.shared.testing.TestCertificates;
import dev.vxplatform.shared.testing.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The clustered event bus with {@code TLS_*} set: members holding certificates of the cluster's CA exchange
 * messages; a member speaking plaintext, or TLS with a certificate of another CA, still joins Hazelcast (whose member
 * protocol is not encrypted) but cannot deliver a single message over the event bus; a TLS client without a
 * certificate is refused.
 */
class EventBusTlsIT {

  private static final String ADDRESS = "test.tls.echo";
  private static final DeliveryOptions QUICK = new DeliveryOptions().setSendTimeout(2_000);
  private static final AtomicInteger RECEIVED = new AtomicInteger();
  private static TestCluster cluster;

  @BeforeAll
  static void start() {
    TestCertificates ca = TestCertificates.authority("cluster-ca");
    cluster = TestCluster.startWithTls(2, ca.issue("member"));
    await(cluster.node(1).eventBus().<String>consumer(ADDRESS, message -> {
      RECEIVED.incrementAndGet();
      message.reply("pong:" + message.body());
    }).completion());
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void membersWithCertificatesOfTheClusterCaExchangeRequestAndReply() {
    assertThat(await(cluster.node(0).eventBus().request(ADDRESS, "ping", QUICK)).body()).isEqualTo("pong:ping");
  }

  @Test
  void aMemberSpeakingPlaintextCannotDeliver() {
    assertCannotDeliver(new EventBusOptions());
  }

  /**
   * What client authentication is for: a client that trusts any server and shows no certificate is refused by the
   * server. (A Vert.x member cannot be that client: its event-bus server needs a certificate, which its client shows.)
   */
  @Test
  void aTlsConnectionWithoutCertificateIsRefusedByTheEventBus() throws Exception {
    SSLContext trustingAnyServer = SSLContext.getInstance("TLS");
    trustingAnyServer.init(null, new TrustManager[] {new TrustingAnyServer()}, null);
    int port = ((HazelcastClusterManager) ((VertxInternal) cluster.node(1)).clusterManager()).getNodeInfo().port();

    try (SSLSocket socket = (SSLSocket) trustingAnyServer.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      // With TLS 1.3 the client's side of the handshake completes before the server checks the (absent)
      // certificate: the refusal arrives as an alert on the first read.
      Throwable refused = catchThrowable(() -> {
        socket.startHandshake();
        socket.getOutputStream().write(0);
        socket.getOutputStream().flush();
        socket.getInputStream().read();
      });

      assertThat(refused).as("what reading from the event bus without a certificate gives")
          .isInstanceOf(SSLException.class);
    }
  }

  @Test
  void aMemberWithACertificateOfAnotherCaCannotDeliverEvenTrustingAnyServer() {
    TlsConfig otherCa = TestCertificates.authority("other-ca").issue("intruder");
    assertCannotDeliver(otherCa.eventBus(new EventBusOptions()).setTrustAll(true));
  }

  /** A member joining Hazelcast like any other (its protocol is not encrypted), with these event-bus options. */
  private static void assertCannotDeliver(EventBusOptions eventBus) {
    ClusterConfig config = cluster.newMemberConfig();
    Vertx intruder = await(Vertx.builder()
        .with(new VertxOptions().setEventBusOptions(eventBus.setHost(config.host()).setPort(0)))
        .withClusterManager(new HazelcastClusterManager(ClusterBootstrap.hazelcastConfig(config)))
        .buildClustered());
    try {
      int before = RECEIVED.get();
      ReplyException failure = failureOfRequestFrom(intruder);

      assertThat(failure.failureType()).as(failure.toString()).isIn(ReplyFailure.TIMEOUT, ReplyFailure.ERROR);
      assertThat(RECEIVED).as("messages the TLS member's consumer got").hasValue(before);
      // The intruder harmed no one: the members still talk.
      assertThat(await(cluster.node(0).eventBus().request(ADDRESS, "again", QUICK)).body())
          .isEqualTo("pong:again");
    } finally {
      cluster.closeNode(intruder);
    }
  }

  private static final class TrustingAnyServer implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  /**
   * The failure of a request from {@code node}, once it knows the consumer is there: a member that has just joined
   * may not see the registration yet (NO_HANDLERS), which would prove nothing about TLS.
   */
  private static ReplyException failureOfRequestFrom(Vertx node) {
    AtomicReference<ReplyException> failure = new AtomicReference<>();
    TestCluster.waitUntil("a request from the new member fails for another reason than NO_HANDLERS",
        Duration.ofSeconds(15), () -> {
          try {
            await(node.eventBus().request(ADDRESS, "intrusion", QUICK));
            throw new AssertionError("a member outside the CA delivered a message over the event bus");
          } catch (IllegalStateException failed) {
            ReplyException cause = replyException(failed);
            failure.set(cause);
            return cause.failureType() != ReplyFailure.NO_HANDLERS;
          }
        });
    return failure.get();
  }

  private static ReplyException replyException(Throwable failed) {
    for (Throwable cause = failed; cause != null; cause = cause.getCause()) {
      if (cause instanceof ReplyException reply) {
        return reply;
      }
    }
    throw new AssertionError("not a reply failure", failed);
  }
}

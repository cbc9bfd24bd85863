package dev.vxplatform.shared.cluster;

import static dev.vxplatform.shared.testing.TestCluster.await;
import static dev.vxplatform.shared.testing.TestCluster.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.shared.testing.FreePorts;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A frozen JVM (SIGSTOP, a hung host) still completes TCP handshakes (its kernel does) but never answers. Hazelcast's
 * default "unified" member connection then spins an IO output thread at 100 % until the peer answers (hazelcast#26473):
 * the pipeline has frames queued but waits for the peer's protocol header and reschedules itself forever, and every
 * other connection owned by that thread stalls, heartbeats included. In the failover check this removed healthy
 * members and split the cluster. ClusterBootstrap's member endpoint blocks such a pipeline instead.
 */
class SilentPeerIT {

  private static final Duration WINDOW = Duration.ofSeconds(3);

  private final List<Socket> accepted = new CopyOnWriteArrayList<>();
  private final AtomicInteger bytesReceived = new AtomicInteger();
  private ServerSocket silentPeer;
  private Vertx member;

  @AfterEach
  void stop() throws IOException {
    if (member != null) {
      await(member.close());
    }
    for (Socket socket : accepted) {
      socket.close();
    }
    silentPeer.close();
  }

  @Test
  void aPeerThatAcceptsButNeverAnswersDoesNotSpinTheIoThreads() throws Exception {
    silentPeer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptAndNeverAnswer, "silent-peer");
    acceptor.setDaemon(true);
    acceptor.start();
    int port = FreePorts.take();
    ClusterConfig config = ClusterConfig.fromEnv(Map.of(
        "CLUSTER_NAME", "silent-" + UUID.randomUUID(), "CLUSTER_PORT", String.valueOf(port),
        "CLUSTER_PORT_COUNT", "1", "CLUSTER_MEMBERS", "127.0.0.1:" + port));
    AtomicReference<Config> hazelcast = new AtomicReference<>();
    member = await(ClusterBootstrap.start(config, hazelcast::set));

    // Listed from the start, the silent address would hold the join back; added now, it is what the member's
    // split-brain search (every 5 s) connects to, as it does to a member that froze and was removed.
    Config running = hazelcast.get();
    // Either join config, so that the test still reproduces the spin if the unified endpoint ever comes back.
    JoinConfig join = running.getAdvancedNetworkConfig().isEnabled()
        ? running.getAdvancedNetworkConfig().getJoin() : running.getNetworkConfig().getJoin();
    join.getTcpIpConfig().addMember("127.0.0.1:" + silentPeer.getLocalPort());
    waitUntil("the member has connected to the silent peer and sent its protocol header", Duration.ofSeconds(20),
        () -> bytesReceived.get() > 0);

    Map<Long, Long> before = ioOutputCpuNanos();
    await(member.timer(WINDOW.toMillis()));
    Map<Long, Long> after = ioOutputCpuNanos();

    long busiestMillis = after.entrySet().stream()
        .mapToLong(e -> e.getValue() - before.getOrDefault(e.getKey(), 0L)).max().orElse(0) / 1_000_000;
    assertThat(before).as("Hazelcast's IO output threads").isNotEmpty();
    // A spinning thread burns about the whole window; an idle one a few milliseconds.
    assertThat(busiestMillis).as("CPU ms of the busiest IO output thread over %d ms: %s", WINDOW.toMillis(),
        after).isLessThan(WINDOW.toMillis() / 4);
  }

  private void acceptAndNeverAnswer() {
    while (!silentPeer.isClosed()) {
      try {
        Socket socket = silentPeer.accept();
        accepted.add(socket);
        Thread reader = new Thread(() -> {
          byte[] buffer = new byte[1024];
          try (InputStream in = socket.getInputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
              bytesReceived.addAndGet(n);
            }
          } catch (IOException closed) {
            // the test is over
          }
        }, "silent-peer-reader");
        reader.setDaemon(true);
        reader.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  /** CPU time per thread id of this JVM's Hazelcast IO output threads. */
  private static Map<Long, Long> ioOutputCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    return Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds()))
        .filter(info -> info != null && info.getThreadName().contains(".IO.thread-out-"))
        .collect(Collectors.toMap(ThreadInfo::getThreadId, info -> threads.getThreadCpuTime(info.getThreadId())));
  }
}

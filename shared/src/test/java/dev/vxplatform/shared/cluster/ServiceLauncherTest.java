package dev.vxplatform.shared.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.VerticleBase;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ServiceLauncherTest {

  @Test
  void treatsAFreezeOneHeartbeatShortOfFailureDetectionAsADeath() {
    ClusterConfig cluster = new ClusterConfig("c", "127.0.0.1", 5701, 1, List.of(), false, 2, 9, 0);
    ServiceLauncher launcher = new ServiceLauncher("svc", cluster, hazelcast -> { }, () -> new VerticleBase() { });
    assertThat(launcher.freezeThresholdMillis()).isEqualTo(7000);
  }

  @Test
  void rejoinsOnceTheOthersHaveSurelyRemovedTheOldMember() {
    ClusterConfig cluster = new ClusterConfig("c", "127.0.0.1", 5701, 1, List.of(), false, 1, 5, 0);
    ServiceLauncher launcher = new ServiceLauncher("svc", cluster, hazelcast -> { }, () -> new VerticleBase() { });
    assertThat(launcher.rejoinDelayMillis(4_000)).as("frozen 4 s: removed 2 s from now at the latest")
        .isEqualTo(2_000);
    assertThat(launcher.rejoinDelayMillis(30_000)).as("long gone: one heartbeat interval").isEqualTo(1_000);
  }

  @Test
  void theRejoinDelayKeepsTheJvmAliveWhileNoVertxRuns() throws Exception {
    var elapsed = ServiceLauncher.after(200);

    Thread timer = Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().equals("rejoin-delay")).findFirst().orElseThrow();
    assertThat(timer.isDaemon()).as("a daemon thread would let the JVM exit mid-rejoin").isFalse();
    assertThat(elapsed.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS)).isNull();
  }
}

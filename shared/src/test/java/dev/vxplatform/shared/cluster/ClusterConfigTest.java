package dev.vxplatform.shared.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterConfigTest {

  @Test
  void defaultsFormALoopbackClusterOnAPortRange() {
    ClusterConfig config = ClusterConfig.fromEnv(Map.of());
    assertThat(config.host()).isEqualTo("127.0.0.1");
    assertThat(config.members()).hasSize(20).startsWith("127.0.0.1:5701").endsWith("127.0.0.1:5720");
    assertThat(config.liteMember()).isFalse();
    assertThat(config.maxNoHeartbeatSeconds()).isEqualTo(5);
  }

  @Test
  void expandsPortRangesAndKeepsPlainMembers() {
    assertThat(ClusterConfig.expandMembers("10.0.0.1:6000-6002, inventory ,gateway:5701"))
        .containsExactly("10.0.0.1:6000", "10.0.0.1:6001", "10.0.0.1:6002", "inventory", "gateway:5701");
  }

  @Test
  void rejectsANonNumericPortWithTheVariableName() {
    assertThatThrownBy(() -> ClusterConfig.fromEnv(Map.of("CLUSTER_PORT", "abc")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CLUSTER_PORT");
  }

  @Test
  void appliesTunedFailureDetectionToHazelcast() {
    var hazelcast = ClusterBootstrap.hazelcastConfig(ClusterConfig.fromEnv(Map.of("CLUSTER_LITE", "true")));
    assertThat(hazelcast.isLiteMember()).isTrue();
    assertThat(hazelcast.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("5");
    assertThat(hazelcast.getProperty("hazelcast.wait.seconds.before.join")).isEqualTo("0");
    assertThat(hazelcast.getAdvancedNetworkConfig().isEnabled()).as("member-only endpoint").isTrue();
    assertThat(hazelcast.getAdvancedNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
    assertThat(hazelcast.getAdvancedNetworkConfig().getJoin().getTcpIpConfig().isEnabled()).isTrue();
  }
}

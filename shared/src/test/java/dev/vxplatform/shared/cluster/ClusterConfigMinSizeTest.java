package dev.vxplatform.shared.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import com.hazelcast.splitbrainprotection.impl.RecentlyActiveSplitBrainProtectionFunction;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CLUSTER_MIN_SIZE → the static split-brain protection every member declares. */
class ClusterConfigMinSizeTest {

  @Test
  void declaresTheMajorityProtectionDisabledByDefault() {
    ClusterConfig config = ClusterConfig.fromEnv(Map.of());
    SplitBrainProtectionConfig majority = majorityOf(config);

    assertThat(config.minClusterSize()).isZero();
    assertThat(majority).isNotNull();
    assertThat(majority.isEnabled()).isFalse();
  }

  @Test
  void enforcesTheMinimumOnWritesWhenSet() {
    SplitBrainProtectionConfig majority = majorityOf(ClusterConfig.fromEnv(Map.of("CLUSTER_MIN_SIZE", "3")));

    assertThat(majority.isEnabled()).isTrue();
    assertThat(majority.getMinimumClusterSize()).isEqualTo(3);
    assertThat(majority.getProtectOn()).isEqualTo(SplitBrainProtectionOn.WRITE);
  }

  @Test
  void countsOnlyMembersHeardFromHalfwayBetweenTheHeartbeatAndTheirRemoval() {
    ClusterConfig config = ClusterConfig.fromEnv(Map.of("CLUSTER_MIN_SIZE", "3", "CLUSTER_HEARTBEAT_SECONDS", "2",
        "CLUSTER_MAX_NO_HEARTBEAT_SECONDS", "8"));

    assertThat(majorityOf(config).getFunctionImplementation())
        .isInstanceOfSatisfying(RecentlyActiveSplitBrainProtectionFunction.class,
            function -> assertThat(function.getHeartbeatToleranceMillis()).isEqualTo(5_000));
    assertThat(ClusterConfig.fromEnv(Map.of()).heartbeatToleranceMillis()).isEqualTo(3_000);
  }

  @Test
  void aMinimumOfOneIsOffAndALiteMemberKeepsTheMinimum() {
    assertThat(majorityOf(ClusterConfig.fromEnv(Map.of("CLUSTER_MIN_SIZE", "1"))).isEnabled()).isFalse();
    ClusterConfig lite = ClusterConfig.fromEnv(Map.of("CLUSTER_MIN_SIZE", "2")).asLiteMember();
    assertThat(lite.minClusterSize()).isEqualTo(2);
  }

  @Test
  void rejectsANegativeMinimum() {
    assertThatThrownBy(() -> ClusterConfig.fromEnv(Map.of("CLUSTER_MIN_SIZE", "-1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CLUSTER_MIN_SIZE");
  }

  private static SplitBrainProtectionConfig majorityOf(ClusterConfig config) {
    return ClusterBootstrap.hazelcastConfig(config).getSplitBrainProtectionConfigs().get(ClusterBootstrap.MAJORITY);
  }
}

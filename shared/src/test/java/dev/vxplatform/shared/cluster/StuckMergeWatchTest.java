package dev.vxplatform.shared.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.cluster.ClusterState;
import org.junit.jupiter.api.Test;

class StuckMergeWatchTest {

  private final StuckMergeWatch watch = new StuckMergeWatch(15_000);

  @Test
  void reportsAMemberAloneInAFrozenClusterOnceItHasStayedSoForTheBound() {
    assertThat(watch.stuckFor(ClusterState.FROZEN, 1, 1_000)).isEqualTo(-1);
    assertThat(watch.stuckFor(ClusterState.FROZEN, 1, 15_999)).isEqualTo(-1);
    assertThat(watch.stuckFor(ClusterState.FROZEN, 1, 16_000)).isEqualTo(15_000);
  }

  @Test
  void aFrozenClusterWithOthersInItIsAMergeUnderWay() {
    for (long now = 0; now <= 60_000; now += 1_000) {
      assertThat(watch.stuckFor(ClusterState.FROZEN, 3, now)).isEqualTo(-1);
    }
  }

  @Test
  void anActiveLookStartsTheCountAgain() {
    watch.stuckFor(ClusterState.FROZEN, 1, 0);
    watch.stuckFor(ClusterState.ACTIVE, 1, 10_000);
    assertThat(watch.stuckFor(ClusterState.FROZEN, 1, 20_000)).isEqualTo(-1);
    assertThat(watch.stuckFor(ClusterState.FROZEN, 1, 35_000)).isEqualTo(15_000);
  }

  @Test
  void aMemberAloneInAnActiveClusterIsNotStuck() {
    assertThat(watch.stuckFor(ClusterState.ACTIVE, 1, 0)).isEqualTo(-1);
    assertThat(watch.stuckFor(ClusterState.ACTIVE, 1, 60_000)).isEqualTo(-1);
  }
}

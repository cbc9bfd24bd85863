package dev.vxplatform.shared.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.spi.merge.LatestUpdateMergePolicy;
import org.junit.jupiter.api.Test;

class DurableMapsTest {

  @Test
  void mapsGetSynchronousBackupsPrimaryReadsAndTheNewestCopyWinsAMerge() {
    Config config = new Config();

    DurableMaps.withSyncBackups(2, "orders", "stock").accept(config);

    for (String name : new String[] {"orders", "stock"}) {
      MapConfig map = config.getMapConfig(name);
      assertThat(map.getBackupCount()).isEqualTo(2);
      assertThat(map.getAsyncBackupCount()).isZero();
      assertThat(map.isReadBackupData()).isFalse();
      assertThat(map.getMergePolicyConfig().getPolicy()).isEqualTo(LatestUpdateMergePolicy.class.getName());
      assertThat(map.isPerEntryStatsEnabled()).as("the merge policy compares last-update times").isTrue();
    }
  }

  @Test
  void refusesABackupCountHazelcastCannotHave() {
    assertThatThrownBy(() -> DurableMaps.withSyncBackups(7, "orders")).isInstanceOf(IllegalArgumentException.class);
  }
}

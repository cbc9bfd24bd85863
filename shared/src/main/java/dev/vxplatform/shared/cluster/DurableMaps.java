package dev.vxplatform.shared.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.spi.merge.LatestUpdateMergePolicy;
import java.util.function.Consumer;

/**
 * Primary-backup settings for data that must survive a member's death: synchronous backups on other members
 * (a write is acknowledged only once its backups have it) and no reads from backups (a read always sees the
 * primary's latest write). When the primary dies, Hazelcast promotes a backup.
 *
 * <p>After a split brain the newest copy of an entry wins ({@code LatestUpdateMergePolicy}, with the per-entry
 * statistics it needs), not Hazelcast's default {@code PutIfAbsentMergePolicy}, which keeps whatever the cluster
 * being merged into holds. Hazelcast lets the side with more data members absorb the other, and on a tie either:
 * seen in the availability check, a JVM resumed after a SIGSTOP sat alone with its stale copy while the rest of the
 * cluster briefly fell apart into single members, which then merged into it, and put-if-absent kept its stale
 * stock records and dropped the newer ones. A minority cannot write order data (split-brain protection) and a
 * stalled node refuses order writes, so the newest copy is the majority's.
 */
public final class DurableMaps {

  public static final int DEFAULT_BACKUP_COUNT = 1;

  private DurableMaps() {
  }

  /** A Hazelcast customizer for {@link ClusterBootstrap#start(ClusterConfig, Consumer)}. */
  public static Consumer<Config> withSyncBackups(int backupCount, String... mapNames) {
    if (backupCount < 0 || backupCount > 6) {
      throw new IllegalArgumentException("backup count must be 0..6, got " + backupCount);
    }
    return hazelcast -> {
      for (String name : mapNames) {
        hazelcast.addMapConfig(new MapConfig(name)
            .setBackupCount(backupCount)
            .setAsyncBackupCount(0)
            .setReadBackupData(false)
            .setPerEntryStatsEnabled(true)
            .setMergePolicyConfig(new MergePolicyConfig(LatestUpdateMergePolicy.class.getName(),
                MergePolicyConfig.DEFAULT_BATCH_SIZE)));
      }
    };
  }
}

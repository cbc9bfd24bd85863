package dev.vxplatform.shared.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import java.util.function.Consumer;

/**
 * Primary-backup settings for data that must survive a member's death: synchronous backups on other members
 * (a write is acknowledged only once its backups have it) and no reads from backups (a read always sees the
 * primary's latest write). When the primary dies, Hazelcast promotes a backup.
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
            .setReadBackupData(false));
      }
    };
  }
}

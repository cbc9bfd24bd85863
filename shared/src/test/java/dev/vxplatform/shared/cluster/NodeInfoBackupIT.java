package dev.vxplatform.shared.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import dev.vxplatform.shared.testing.TestCluster;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node's write of its own node info is the first thing it does after joining, while the join's migrations still
 * settle; a backup that is not acknowledged then failed the whole start (fail-on-indeterminate-state). The missing ack
 * is made here on purpose: the backup member's partition thread is held while the owner writes.
 */
class NodeInfoBackupIT {

  private static final CountDownLatch STALLED = new CountDownLatch(1);
  private static final CountDownLatch RELEASE = new CountDownLatch(1);

  private static TestCluster cluster;

  @BeforeAll
  static void start() {
    cluster = TestCluster.start(2);
    TestCluster.waitUntil("the second member owns partitions", Duration.ofSeconds(30),
        () -> TestCluster.clusterSafe(cluster.node(0)));
  }

  @AfterEach
  void release() {
    RELEASE.countDown();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void nodeInfoIsWrittenWhileItsBackupMemberCannotAcknowledge() throws Exception {
    HazelcastInstance backup = hazelcast(0);
    HazelcastInstance owner = hazelcast(1);
    String key = keyOwnedBy(owner);

    owner.getMap("test.stall").submitToKey(key, new StallOnBackup());
    assertThat(STALLED.await(30, TimeUnit.SECONDS)).as("the backup member's partition thread is held").isTrue();

    IMap<String, String> nodeInfo = owner.getMap(ClusterBootstrap.VERTX_NODE_INFO);
    long backupsBefore = backupEntries(backup);
    nodeInfo.put(key, "probe");
    assertThatThrownBy(() -> owner.<String, String>getMap("test.synced").put(key, "probe"))
        .as("a map with a synchronous backup fails meanwhile: the stall is real")
        .isInstanceOf(IndeterminateOperationStateException.class);

    RELEASE.countDown();
    TestCluster.waitUntil("the asynchronous backup reached the other member", Duration.ofSeconds(30),
        () -> backupEntries(backup) == backupsBefore + 1);
    nodeInfo.remove(key);
  }

  private static HazelcastInstance hazelcast(int node) {
    return ClusterMembership.of(cluster.node(node)).hazelcast();
  }

  private static String keyOwnedBy(HazelcastInstance owner) {
    Member member = owner.getCluster().getLocalMember();
    return IntStream.range(0, 10_000).mapToObj(i -> "probe-" + i)
        .filter(key -> member.equals(owner.getPartitionService().getPartition(key).getOwner()))
        .findFirst().orElseThrow();
  }

  private static long backupEntries(HazelcastInstance member) {
    return member.getMap(ClusterBootstrap.VERTX_NODE_INFO).getLocalMapStats().getBackupEntryCount();
  }

  /** Holds the backup member's partition thread (the primary runs on the owner and returns at once). */
  private static final class StallOnBackup implements EntryProcessor<Object, Object, Object> {
    private final boolean onBackup;

    StallOnBackup() {
      this(false);
    }

    private StallOnBackup(boolean onBackup) {
      this.onBackup = onBackup;
    }

    @Override
    public Object process(Map.Entry<Object, Object> entry) {
      if (!onBackup) {
        entry.setValue("stalling"); // an unchanged entry sends no backup
      } else {
        STALLED.countDown();
        try {
          RELEASE.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return null;
    }

    @Override
    public EntryProcessor<Object, Object, Object> getBackupProcessor() {
      return new StallOnBackup(true);
    }
  }
}

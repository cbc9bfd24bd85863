package dev.vxplatform.shared.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** What keeps a removed registration out of the view's re-reads. */
class SnapshotInstanceViewTest {

  @Test
  void aRegistrationRemovedForItsMembersDepartureComesBackWithTheMember() {
    SnapshotInstanceView.Tombstone departed = new SnapshotInstanceView.Tombstone(1_000, "node-b");

    assertThat(departed.keepsOut(2_000, Set.of("node-a"))).as("while node-b is gone").isTrue();
    assertThat(departed.keepsOut(2_000, Set.of("node-a", "node-b"))).as("node-b back after a heal").isFalse();
  }

  @Test
  void anAnnouncedRemovalKeepsTheRegistrationOutForItsWholeTime() {
    SnapshotInstanceView.Tombstone announced = new SnapshotInstanceView.Tombstone(1_000, null);

    assertThat(announced.keepsOut(20_000, Set.of("node-a", "node-b"))).isTrue();
    assertThat(announced.keepsOut(1_000 + 30_001, Set.of("node-a"))).as("after 30 s").isFalse();
  }
}

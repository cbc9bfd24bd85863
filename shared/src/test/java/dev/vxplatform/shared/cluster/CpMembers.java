package dev.vxplatform.shared.cluster;

import com.hazelcast.cp.CPMember;
import io.vertx.core.Vertx;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The CP members as a node sees them, for tests that wait on the CP subsystem. */
final class CpMembers {

  private CpMembers() {
  }

  /** The CP members {@code node} knows of; empty while the subsystem has not formed or does not answer in 5 s. */
  static Collection<CPMember> of(Vertx node) {
    try {
      return ClusterMembership.of(node).hazelcast().getCPSubsystem().getCPSubsystemManagementService()
          .getCPMembers().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException notYet) {
      return Set.of();
    }
  }
}

package dev.vxplatform.order.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.cp.CPSubsystemConfig;
import org.junit.jupiter.api.Test;

class LeadershipTest {

  @Test
  void countsOnTheLockUntilAHeartbeatAndAMarginBeforeTheSessionCouldExpire() {
    CPSubsystemConfig cp = new CPSubsystemConfig().setSessionTimeToLiveSeconds(5).setSessionHeartbeatIntervalSeconds(1);

    assertThat(Leadership.trustedMillis(cp)).isEqualTo(5000 - 1000 - 500);
    assertThat(Leadership.callBudgetMillis(cp, 2000)).isEqualTo(2000 + 700);
  }

  @Test
  void refusesASessionTooShortForAnInventoryCall() {
    CPSubsystemConfig cp = new CPSubsystemConfig().setSessionTimeToLiveSeconds(3).setSessionHeartbeatIntervalSeconds(1);

    assertThatThrownBy(() -> Leadership.callBudgetMillis(cp, 2000))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CP_SESSION_TTL_SECONDS 3");
  }
}

package dev.vxplatform.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailureLogTest {

  private long now = 1_000;
  private final FailureLog log = new FailureLog(() -> now);

  @Test
  void logsABurstPerWindowAndReportsTheRestWhenTheNextWindowOpens() {
    List<FailureLog.Decision> first = decisions(FailureLog.BURST + 25);
    assertThat(first.stream().filter(FailureLog.Decision::log)).hasSize(FailureLog.BURST);
    assertThat(first.subList(0, FailureLog.BURST)).allMatch(FailureLog.Decision::log);
    assertThat(first).allMatch(decision -> decision.leftOut() == 0);

    now += FailureLog.WINDOW_MILLIS;
    FailureLog.Decision opening = log.next();

    assertThat(opening).isEqualTo(new FailureLog.Decision(true, 25));
    assertThat(log.next().leftOut()).as("reported once").isZero();
  }

  @Test
  void aQuietWindowReportsNothing() {
    decisions(3);
    now += 3 * FailureLog.WINDOW_MILLIS;

    assertThat(log.next()).isEqualTo(new FailureLog.Decision(true, 0));
  }

  private List<FailureLog.Decision> decisions(int count) {
    List<FailureLog.Decision> decisions = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      decisions.add(log.next());
    }
    return decisions;
  }
}

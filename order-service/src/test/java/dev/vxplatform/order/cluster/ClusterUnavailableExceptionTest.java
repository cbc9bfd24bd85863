package dev.vxplatform.order.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import dev.vxplatform.order.idempotency.Outcome;
import dev.vxplatform.shared.db.DatabaseException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ClusterUnavailableExceptionTest {

  @Test
  void aSplitBrainRefusalAnywhereInTheChainIsA503WithRetryAfter() {
    Throwable refused = new CompletionException(new SplitBrainProtectionException("platform-majority has failed!"));

    Throwable translated = ClusterUnavailableException.translate(refused);

    assertThat(translated).isInstanceOf(ClusterUnavailableException.class);
    Outcome outcome = Outcome.problem((ClusterUnavailableException) translated);
    assertThat(outcome.status()).isEqualTo(503);
    assertThat(outcome.body().getString("title")).isEqualTo("Cluster minority");
    assertThat(outcome.headers().getString(Outcome.RETRY_AFTER)).isEqualTo("1");
  }

  @Test
  void aDatabaseThatDidNotAnswerIsA503WithRetryAfter() {
    Throwable away = new CompletionException(new DatabaseException("reading orders failed: Timeout waiting for connection"));

    Throwable translated = ClusterUnavailableException.translate(away);

    assertThat(translated).isInstanceOf(ClusterUnavailableException.class);
    Outcome outcome = Outcome.problem((ClusterUnavailableException) translated);
    assertThat(outcome.status()).isEqualTo(503);
    assertThat(outcome.body().getString("title")).isEqualTo("Database unavailable");
    assertThat(outcome.headers().getString(Outcome.RETRY_AFTER)).isEqualTo("1");
  }

  @Test
  void otherFailuresPassUnchanged() {
    IllegalStateException other = new IllegalStateException("boom");

    assertThat(ClusterUnavailableException.translate(other)).isSameAs(other);
    assertThat(ClusterUnavailableException.isSplitBrainRefusal(other)).isFalse();
  }
}

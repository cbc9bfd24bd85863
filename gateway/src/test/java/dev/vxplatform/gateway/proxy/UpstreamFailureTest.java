package dev.vxplatform.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.impl.NoStackTraceTimeoutException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class UpstreamFailureTest {

  @Test
  void idempotentMethodsAndKeyedPosts() {
    assertThat(UpstreamFailure.idempotent(HttpMethod.GET, false)).isTrue();
    assertThat(UpstreamFailure.idempotent(HttpMethod.HEAD, false)).isTrue();
    assertThat(UpstreamFailure.idempotent(HttpMethod.PUT, false)).isTrue();
    assertThat(UpstreamFailure.idempotent(HttpMethod.DELETE, false)).isTrue();
    assertThat(UpstreamFailure.idempotent(HttpMethod.POST, false)).isFalse();
    assertThat(UpstreamFailure.idempotent(HttpMethod.POST, true)).isTrue();
    assertThat(UpstreamFailure.idempotent(HttpMethod.PATCH, false)).isFalse();
  }

  @Test
  void nothingSentIsAlwaysRetriableAndARefusalEjects() {
    UpstreamFailure refused = UpstreamFailure.notSent(new ConnectException("Connection refused"));
    UpstreamFailure poolWait = UpstreamFailure.notSent(new NoStackTraceTimeoutException("pool"));

    assertThat(refused.retriable(false, false)).isTrue();
    assertThat(refused.ejects()).isTrue();
    assertThat(poolWait.retriable(false, false)).isTrue();
    assertThat(poolWait.ejects()).as("a busy pool is not a dead instance").isFalse();
  }

  @Test
  void sentRequestsAreRetriedOnlyWhenIdempotentAndReplayable() {
    UpstreamFailure timeout = UpstreamFailure.afterSend(new NoStackTraceTimeoutException("idle"));
    UpstreamFailure broken = UpstreamFailure.afterSend(new HttpClosedException("closed"));

    assertThat(timeout.kind()).isEqualTo(UpstreamFailure.Kind.TIMEOUT);
    assertThat(timeout.ejects()).isFalse();
    assertThat(broken.kind()).isEqualTo(UpstreamFailure.Kind.BROKEN);
    assertThat(broken.ejects()).isTrue();
    for (UpstreamFailure failure : new UpstreamFailure[] {timeout, broken}) {
      assertThat(failure.retriable(true, true)).isTrue();
      assertThat(failure.retriable(false, true)).as("unkeyed POST").isFalse();
      assertThat(failure.retriable(true, false)).as("streamed body already gone").isFalse();
    }
  }
}

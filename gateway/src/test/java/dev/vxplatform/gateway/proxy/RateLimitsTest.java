package dev.vxplatform.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Token buckets on a clock the test moves. */
class RateLimitsTest {

  private static final long SECOND = 1_000_000_000L;

  private final AtomicLong now = new AtomicLong(42 * SECOND);
  private final RateLimits limits = new RateLimits(RateLimitOptions.from(new JsonObject()
      .put("readsPerSecond", 10).put("readBurst", 5).put("writesPerSecond", 2).put("writeBurst", 3)), now::get);

  @Test
  void aBurstPassesThenTheRestIsRefusedUntilTheBucketRefills() {
    for (int i = 0; i < 3; i++) {
      assertThat(limits.take("sub ada", HttpMethod.POST)).as("write %d of the burst", i + 1).isNull();
    }

    RateLimited refused = limits.take("sub ada", HttpMethod.POST);

    assertThat(refused).isNotNull();
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.headers()).containsEntry("Retry-After", "1")
        .containsEntry("RateLimit-Policy", "\"writes\";q=3;w=2")
        .containsEntry("RateLimit", "\"writes\";r=0;t=1");
    now.addAndGet(SECOND / 2);
    assertThat(limits.take("sub ada", HttpMethod.POST)).as("one token after half a second at 2/s").isNull();
    assertThat(limits.take("sub ada", HttpMethod.POST)).isNotNull();
  }

  @Test
  void callersAndRouteClassesHaveBucketsOfTheirOwn() {
    for (int i = 0; i < 3; i++) {
      limits.take("sub ada", HttpMethod.DELETE);
    }
    assertThat(limits.take("sub ada", HttpMethod.PUT)).isNotNull();

    assertThat(limits.take("sub bob", HttpMethod.PUT)).as("another subject").isNull();
    assertThat(limits.take("sub ada", HttpMethod.GET)).as("ada's reads").isNull();
    assertThat(limits.take("address 127.0.0.1", HttpMethod.HEAD)).as("an anonymous reader").isNull();
  }

  @Test
  void retryAfterRoundsTheWaitUpToWholeSeconds() {
    RateLimits slow = new RateLimits(RateLimitOptions.from(new JsonObject().put("writesPerSecond", 0.25)
        .put("writeBurst", 1)), now::get);
    slow.take("sub ada", HttpMethod.POST);

    assertThat(slow.take("sub ada", HttpMethod.POST).headers()).containsEntry("Retry-After", "4");
    now.addAndGet(3 * SECOND + SECOND / 2);
    assertThat(slow.take("sub ada", HttpMethod.POST).headers()).containsEntry("Retry-After", "1");
  }

  @Test
  void aCallerWhoReadTheClockEarlierTakesNoTokensAway() {
    RateLimits slow = new RateLimits(RateLimitOptions.from(new JsonObject().put("writesPerSecond", 0.5)
        .put("writeBurst", 1)), now::get);
    long earlier = now.get();
    now.addAndGet(SECOND);
    slow.take("sub ada", HttpMethod.POST);
    now.set(earlier); // another event loop read the clock before this one, and got the lock after it

    assertThat(slow.take("sub ada", HttpMethod.POST).headers()).containsEntry("Retry-After", "2");
  }

  @Test
  void aRateOfZeroLimitsNothing() {
    RateLimits off = new RateLimits(RateLimitOptions.from(new JsonObject().put("readsPerSecond", 0)), now::get);

    for (int i = 0; i < 10_000; i++) {
      assertThat(off.take("address 127.0.0.1", HttpMethod.GET)).isNull();
    }
    assertThat(off.callers()).as("no bucket kept").isZero();
  }

  @Test
  void bucketsOfCallersGoneQuietAreDropped() {
    for (int i = 0; i < 100; i++) {
      limits.take("sub customer-" + i, HttpMethod.POST);
    }
    assertThat(limits.callers()).isEqualTo(100);

    now.addAndGet(61 * SECOND);
    limits.take("sub ada", HttpMethod.GET);

    assertThat(limits.callers()).as("only ada's fresh bucket").isEqualTo(1);
  }
}

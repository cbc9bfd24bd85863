package dev.vxplatform.loadtests.gatling;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.http.HttpDsl;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What every simulation reads from system properties ({@code -Dname=value}): where to send traffic, how much, for
 * how long, and what counts as a pass. Arrivals follow an open workload model (users per second, whatever the
 * responses do), so a slow answer shows as latency instead of silently lowering the offered load.
 *
 * @param baseUrl          {@code baseUrl}: the gateway, default {@value #DEFAULT_BASE_URL} (the local cluster)
 * @param rate             {@code rate}: new users per second once ramped up (each user runs one journey)
 * @param rampUp           {@code rampUp}: seconds from 1 user/s to {@code rate}, default 10 (0: none)
 * @param duration         {@code duration}: seconds at {@code rate} after the ramp, default 60
 * @param p99Millis        {@code p99Ms}: the run fails unless the 99th percentile of all requests is below it,
 *                         default 100
 * @param maxFailedPercent {@code maxFailedPercent}: the run fails if more requests than this failed, default 0.1
 * @param token            env {@code TOKEN}: the bearer token every request carries (an environment variable, so no
 *                         process listing shows it); {@code load-tests/gatling.sh} gets one from
 *                         {@code infra/local-cluster.sh token}
 */
record LoadProfile(String baseUrl, double rate, Duration rampUp, Duration duration, int p99Millis,
    double maxFailedPercent, String token) {

  static final String DEFAULT_BASE_URL = "http://127.0.0.1:8080";
  static final int DEFAULT_RAMP_UP_SECONDS = 10;
  static final int DEFAULT_DURATION_SECONDS = 60;
  static final int DEFAULT_P99_MILLIS = 100;
  static final double DEFAULT_MAX_FAILED_PERCENT = 0.1;

  LoadProfile {
    if (rate <= 0 || duration.isNegative() || duration.isZero() || rampUp.isNegative() || p99Millis <= 0
        || maxFailedPercent < 0) {
      throw new IllegalArgumentException("rate, duration and p99Ms must be > 0, rampUp and maxFailedPercent >= 0");
    }
  }

  /** The profile from system properties, with {@code defaultRate} users per second unless {@code -Drate} says. */
  static LoadProfile fromSystemProperties(double defaultRate) {
    return new LoadProfile(
        System.getProperty("baseUrl", DEFAULT_BASE_URL).replaceAll("/+$", ""),
        Double.parseDouble(System.getProperty("rate", String.valueOf(defaultRate))),
        Duration.ofSeconds(Long.getLong("rampUp", DEFAULT_RAMP_UP_SECONDS)),
        Duration.ofSeconds(Long.getLong("duration", DEFAULT_DURATION_SECONDS)),
        Integer.getInteger("p99Ms", DEFAULT_P99_MILLIS),
        Double.parseDouble(System.getProperty("maxFailedPercent", String.valueOf(DEFAULT_MAX_FAILED_PERCENT))),
        System.getenv("TOKEN"));
  }

  /** Ramp from 1 user/s to the rate, then the rate for the duration. */
  OpenInjectionStep[] injection() {
    List<OpenInjectionStep> steps = new ArrayList<>();
    if (!rampUp.isZero()) {
      steps.add(rampUsersPerSec(Math.min(1, rate)).to(rate).during(rampUp));
    }
    steps.add(constantUsersPerSec(rate).during(duration));
    return steps.toArray(OpenInjectionStep[]::new);
  }

  /**
   * HTTP to {@code baseUrl}. Users share one keep-alive pool, as the apps and edge proxies in front of a gateway
   * do; the pool grows with the requests in flight. The engine warms up against the target itself, never a
   * default public URL.
   */
  HttpProtocolBuilder protocol() {
    HttpProtocolBuilder protocol = HttpDsl.http.baseUrl(baseUrl)
        .acceptHeader("application/json")
        .userAgentHeader("vxplatform-gatling")
        .shareConnections()
        .warmUp(baseUrl + "/health/live");
    return token == null || token.isBlank() ? protocol : protocol.authorizationHeader("Bearer " + token);
  }

  /** p99 of all requests below {@code p99Ms}; at most {@code maxFailedPercent} % of them failed. */
  Assertion[] assertions() {
    return new Assertion[] {
        global().responseTime().percentile(99.0).lt(p99Millis),
        global().failedRequests().percent().lte(maxFailedPercent)
    };
  }

  @Override
  public String toString() {
    return "%s: %.1f users/s after a %d s ramp, for %d s; pass: p99 < %d ms, failed <= %.2f %%; %s".formatted(baseUrl,
        rate, rampUp.toSeconds(), duration.toSeconds(), p99Millis, maxFailedPercent,
        token == null || token.isBlank() ? "no token (anonymous)" : "with a bearer token");
  }
}

package dev.vxplatform.loadtests.gatling;

import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.Simulation;

/**
 * One GET of {@code -Dpath} (default {@code /}) on {@code -DbaseUrl} at a fixed arrival rate: the open-model
 * half of {@code load-tests/bench-gateway.sh}, which points it at a backend, the gateway and nginx in turn.
 * Expects 200. Default 100 requests/s; see {@link LoadProfile} for the other properties.
 */
public class FixedRateGet extends Simulation {

  static final double DEFAULT_RATE = 100;

  public FixedRateGet() {
    LoadProfile profile = LoadProfile.fromSystemProperties(DEFAULT_RATE);
    String path = System.getProperty("path", "/");
    setUp(scenario("fixed-rate GET").exec(http("GET " + path).get(path).check(status().is(200)))
        .injectOpen(profile.injection()))
        .protocols(profile.protocol())
        .assertions(profile.assertions());
  }
}

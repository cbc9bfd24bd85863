package dev.vxplatform.loadtests.gatling;

import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.Simulation;

/**
 * Buyers: each arriving user places an order of random skus and quantities with an {@code Idempotency-Key}, then
 * reads it back. A 409 (stock ran out) is an expected answer; {@code -DreadBack=false} leaves out the GET.
 * Default 10 users/s; see {@link LoadProfile} for the other properties.
 */
public class PlaceOrders extends Simulation {

  static final double DEFAULT_RATE = 10;

  public PlaceOrders() {
    LoadProfile profile = LoadProfile.fromSystemProperties(DEFAULT_RATE);
    Shop shop = Shop.at(profile.baseUrl());
    boolean readBack = Boolean.parseBoolean(System.getProperty("readBack", "true"));
    setUp(scenario("place orders").exec(readBack ? shop.placeAndRead() : shop.placeOrder())
        .injectOpen(profile.injection()))
        .protocols(profile.protocol())
        .assertions(profile.assertions());
  }
}

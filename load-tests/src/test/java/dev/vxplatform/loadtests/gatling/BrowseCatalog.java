package dev.vxplatform.loadtests.gatling;

import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.Simulation;

/**
 * Shoppers browsing: each arriving user lists the products, looks at one and at its stock (three GETs).
 * Default 30 users/s (90 requests/s); see {@link LoadProfile} for the properties.
 */
public class BrowseCatalog extends Simulation {

  static final double DEFAULT_RATE = 30;

  public BrowseCatalog() {
    LoadProfile profile = LoadProfile.fromSystemProperties(DEFAULT_RATE);
    Shop shop = Shop.at(profile.baseUrl());
    setUp(scenario("browse catalog").exec(shop.browse()).injectOpen(profile.injection()))
        .protocols(profile.protocol())
        .assertions(profile.assertions());
  }
}

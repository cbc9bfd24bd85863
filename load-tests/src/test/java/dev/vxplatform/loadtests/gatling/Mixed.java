package dev.vxplatform.loadtests.gatling;

import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.Simulation;

/**
 * The platform's day: of the arriving users 80 % make one read (product list, a product or its stock), 15 %
 * place an order, 5 % place an order and cancel it. Default 50 users/s; see {@link LoadProfile}.
 */
public class Mixed extends Simulation {

  static final double DEFAULT_RATE = 50;

  public Mixed() {
    LoadProfile profile = LoadProfile.fromSystemProperties(DEFAULT_RATE);
    Shop shop = Shop.at(profile.baseUrl());
    setUp(scenario("mixed").exec(randomSwitch().on(
            percent(80).then(shop.read()),
            percent(15).then(shop.placeOrder()),
            percent(5).then(shop.placeAndCancel())))
        .injectOpen(profile.injection()))
        .protocols(profile.protocol())
        .assertions(profile.assertions());
  }
}

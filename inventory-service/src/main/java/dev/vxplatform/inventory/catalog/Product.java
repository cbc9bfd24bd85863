package dev.vxplatform.inventory.catalog;

import dev.vxplatform.inventory.api.Inputs;
import io.vertx.core.json.JsonObject;

/** Checks a product's required fields; any other fields are kept as given. */
final class Product {

  static final int MAX_NAME_LENGTH = 200;
  static final long MAX_PRICE_CENTS = 100_000_000_000L;

  private Product() {
  }

  /** The product to store: {@code sku, name, priceCents} checked, everything else copied. */
  static JsonObject validated(JsonObject input) {
    String sku = Inputs.sku(input);
    String name = Inputs.text(input, "name", MAX_NAME_LENGTH);
    long priceCents = Inputs.wholeNumber(input, "priceCents", 0, MAX_PRICE_CENTS);
    return input.copy().put("sku", sku).put("name", name).put("priceCents", priceCents);
  }
}

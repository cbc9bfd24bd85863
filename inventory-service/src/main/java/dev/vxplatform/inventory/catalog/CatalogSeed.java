package dev.vxplatform.inventory.catalog;

import dev.vxplatform.inventory.api.Inputs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The products and initial stock a new cluster starts with: {@code [{sku, name, priceCents, stock, …}]}. */
final class CatalogSeed {

  static final String BUNDLED = "catalog-seed.json";
  static final long MAX_INITIAL_STOCK = 1_000_000_000L;

  /** One seed line: the product as stored, and its initial stock. */
  record Line(JsonObject product, long stock) {
    String sku() {
      return product.getString("sku");
    }
  }

  private CatalogSeed() {
  }

  /** Reads (blocking, on a worker) the file at {@code path}, or the bundled seed when it is empty. */
  static Future<List<Line>> load(Vertx vertx, String path) {
    return vertx.executeBlocking(() -> {
      String text = path.isEmpty() ? bundled() : Files.readString(Path.of(path));
      return parse(new JsonArray(text));
    });
  }

  static List<Line> parse(JsonArray array) {
    List<Line> lines = new ArrayList<>();
    for (Object element : array) {
      if (!(element instanceof JsonObject entry)) {
        throw new IllegalArgumentException("catalog seed entries must be JSON objects");
      }
      long stock = Inputs.wholeNumber(entry, "stock", 0, MAX_INITIAL_STOCK);
      JsonObject product = Product.validated(entry.copy());
      product.remove("stock");
      lines.add(new Line(product, stock));
    }
    return lines;
  }

  private static String bundled() {
    try (InputStream in = CatalogSeed.class.getClassLoader().getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new IllegalStateException(BUNDLED + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.vxplatform.inventory.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vxplatform.inventory.catalog.CatalogSeed.Line;
import dev.vxplatform.shared.testing.TestCluster;
import dev.vxplatform.shared.web.ProblemException;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogSeedTest {

  @Test
  void bundledSeedHasValidProductsWithStockSeparated() {
    Vertx vertx = Vertx.vertx();
    try {
      List<Line> lines = TestCluster.await(CatalogSeed.load(vertx, ""));

      assertThat(lines).hasSizeGreaterThanOrEqualTo(5);
      assertThat(lines).allSatisfy(line -> {
        assertThat(line.product().containsKey("stock")).isFalse();
        assertThat(line.product().getString("name")).isNotBlank();
        assertThat(line.stock()).isPositive();
      });
      assertThat(lines.stream().map(Line::sku).distinct()).hasSameSizeAs(lines);
    } finally {
      vertx.close();
    }
  }

  @Test
  void refusesASeedLineWithoutAPrice() {
    JsonArray seed = new JsonArray("[{\"sku\":\"X-1\",\"name\":\"x\",\"stock\":1}]");

    assertThatThrownBy(() -> CatalogSeed.parse(seed))
        .isInstanceOf(ProblemException.class)
        .hasMessageContaining("priceCents");
  }
}

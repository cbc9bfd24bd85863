package dev.vxplatform.loadtests.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.loadtests.compose.PromQl.Selector;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PromQlTest {

  @Test
  void readsSelectorsAndTheirMatcherLabels() {
    PromQl query = PromQl.parse("(sum(rate(gateway_requests_total{status=~\"5..\", route!=\"x\"}[$__rate_interval]))"
        + " or vector(0)) / sum(rate(gateway_requests_total[1m]))");
    assertThat(query.selectors()).containsExactly(
        new Selector("gateway_requests_total", Set.of("status", "route")),
        new Selector("gateway_requests_total", Set.of()));
  }

  @Test
  void readsGroupingLabelsAndSkipsFunctionsKeywordsAndNumbers() {
    PromQl query = PromQl.parse(
        "histogram_quantile(0.99, sum by (le, route) (rate(gateway_request_duration_seconds_bucket[5m]))) > 1e-3"
            + " and on(job) count without (instance) (up == 1)");
    assertThat(query.selectors()).extracting(Selector::metric)
        .containsExactly("gateway_request_duration_seconds_bucket", "up");
    assertThat(query.groupingLabels()).containsExactly("le", "route", "job", "instance");
  }
}

package dev.vxplatform.loadtests.compose;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScrapeTest {

  @Test
  void keepsSeriesNamesAndTheirLabelNames() {
    Scrape scrape = new Scrape().add("""
        # HELP gateway_requests_total Client requests
        # TYPE gateway_requests_total counter
        gateway_requests_total{instance="127.0.0.1:1",route="/api/x",status="200"} 3.0
        jvm_threads_live_threads 12.0
        odd_total{label="a \\"quoted\\", value"} 1
        """);
    assertThat(scrape.names()).containsExactly("gateway_requests_total", "jvm_threads_live_threads", "odd_total");
    assertThat(scrape.labels("gateway_requests_total")).containsExactly("instance", "route", "status");
    assertThat(scrape.labels("odd_total")).containsExactly("label");
  }
}

package dev.vxplatform.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  private final LatencyHistogram histogram = new LatencyHistogram();

  @Test
  void placesALatencyInTheFirstBucketThatHoldsIt() {
    assertThat(LatencyHistogram.bucket(0.1)).isZero();
    assertThat(LatencyHistogram.bucket(0.25)).isZero();
    assertThat(LatencyHistogram.bucket(0.26)).isEqualTo(1);
    assertThat(LatencyHistogram.bucket(10_000)).isEqualTo(LatencyHistogram.BOUNDS_MILLIS.length - 1);
    assertThat(LatencyHistogram.bucket(60_000)).isEqualTo(LatencyHistogram.BOUNDS_MILLIS.length);
  }

  @Test
  void interpolatesPercentilesWithinTheirBucket() {
    for (int i = 0; i < 98; i++) {
      histogram.record(TimeUnit.MICROSECONDS.toNanos(1_500)); // the (1, 2] ms bucket
    }
    histogram.record(TimeUnit.MILLISECONDS.toNanos(80));
    histogram.record(TimeUnit.MILLISECONDS.toNanos(90)); // both in the (75, 100] ms bucket

    long[] counts = histogram.counts();
    assertThat(LatencyHistogram.percentileMillis(counts, 0.50)).isCloseTo(1.5, within(0.02));
    assertThat(LatencyHistogram.percentileMillis(counts, 0.99)).isCloseTo(87.5, within(0.01));
    assertThat(LatencyHistogram.percentileMillis(counts, 1.0)).isEqualTo(100);
  }

  @Test
  void aWindowIsTheDifferenceOfTwoCopiesAndAnEmptyOneHasNoPercentile() {
    histogram.record(TimeUnit.MILLISECONDS.toNanos(40));
    long[] before = histogram.counts();
    assertThat(LatencyHistogram.percentileMillis(new long[before.length], 0.5)).isEqualTo(-1);
    histogram.record(TimeUnit.MILLISECONDS.toNanos(4));
    long[] after = histogram.counts();
    long[] window = new long[after.length];
    for (int i = 0; i < after.length; i++) {
      window[i] = after[i] - before[i];
    }
    assertThat(LatencyHistogram.percentileMillis(window, 0.99)).isBetween(3.0, 5.0);
  }

  @Test
  void theSlowestBucketReportsItsLowerBound() {
    histogram.record(TimeUnit.SECONDS.toNanos(30));
    assertThat(LatencyHistogram.percentileMillis(histogram.counts(), 0.5)).isEqualTo(10_000);
  }
}

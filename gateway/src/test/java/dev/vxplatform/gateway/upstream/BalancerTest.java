package dev.vxplatform.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vxplatform.shared.discovery.ServiceInstance;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class BalancerTest {

  private List<Upstream> three;

  @BeforeEach
  void instances(Vertx vertx) {
    three = IntStream.range(0, 3).mapToObj(i -> upstream(vertx, "reg-" + i, 9000 + i)).toList();
  }

  static Upstream upstream(Vertx vertx, String registration, int port) {
    return new Upstream(vertx, new ServiceInstance("svc", registration, "instance", "node",
        ServiceInstance.HTTP, "127.0.0.1", port, null, new JsonObject()), UpstreamOptions.defaults());
  }

  @Test
  void roundRobinCyclesThroughEveryCandidateInOrder() {
    Balancer balancer = Strategy.ROUND_ROBIN.newBalancer();

    List<Integer> ports = IntStream.range(0, 6).mapToObj(i -> balancer.pick(three).port()).toList();

    assertThat(ports).containsExactly(9000, 9001, 9002, 9000, 9001, 9002);
  }

  @Test
  void randomPicksEveryCandidateRoughlyEvenly() {
    Map<Integer, Integer> counts = pickMany(Strategy.RANDOM.newBalancer(), 3000);

    assertThat(counts).hasSize(3);
    assertThat(counts.values()).allMatch(count -> count > 850 && count < 1150);
  }

  @Test
  void leastOutstandingPicksTheInstanceWithFewestInFlight() {
    three.get(0).started();
    three.get(0).started();
    three.get(2).started();
    Balancer balancer = Strategy.LEAST_OUTSTANDING.newBalancer();

    assertThat(IntStream.range(0, 5).mapToObj(i -> balancer.pick(three).port())).containsOnly(9001);
  }

  @Test
  void leastOutstandingRotatesBetweenTies() {
    Map<Integer, Integer> counts = pickMany(Strategy.LEAST_OUTSTANDING.newBalancer(), 30);

    assertThat(counts).containsOnly(Map.entry(9000, 10), Map.entry(9001, 10), Map.entry(9002, 10));
  }

  @Test
  void powerOfTwoChoicesPrefersTheCheaperOfTwo() {
    three.get(0).observeLatency(50_000_000); // 50 ms
    three.get(1).observeLatency(1_000_000);
    three.get(2).observeLatency(1_000_000);
    three.get(2).started(); // busy: costs twice its latency

    Map<Integer, Integer> counts = pickMany(Strategy.POWER_OF_TWO_CHOICES.newBalancer(), 3000);

    // 9001 wins every pair it is in (2 of 3 pairs); 9002 wins only against 9000; 9000 never wins.
    assertThat(counts.getOrDefault(9000, 0)).isZero();
    assertThat(counts.get(9001)).isBetween(1800, 2200);
    assertThat(counts.get(9002)).isBetween(800, 1200);
  }

  @Test
  void powerOfTwoChoicesWithOneCandidatePicksIt() {
    assertThat(Strategy.POWER_OF_TWO_CHOICES.newBalancer().pick(three.subList(1, 2)).port()).isEqualTo(9001);
  }

  @Test
  void latencyAverageFollowsSamplesAndForgetsASingleSpike() {
    Upstream upstream = three.get(0);
    upstream.observeLatency(300_000_000); // one 300 ms hiccup
    for (int i = 0; i < 15; i++) {
      upstream.observeLatency(1_000_000);
    }

    assertThat(upstream.ewmaMillis()).isBetween(1.0, 3.0);
  }

  @Test
  void latencyAverageDecaysWhileIdle() {
    LatencyEwma ewma = new LatencyEwma(1_000, 0);
    ewma.observe(100, 0);

    assertThat(ewma.millis(0)).isEqualTo(100);
    assertThat(ewma.millis(1_000_000_000L)).isCloseTo(100 / Math.E, org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void strategiesParseByNameAndAlias() {
    assertThat(Strategy.parse("round-robin")).isEqualTo(Strategy.ROUND_ROBIN);
    assertThat(Strategy.parse(" P2C ")).isEqualTo(Strategy.POWER_OF_TWO_CHOICES);
    assertThat(Strategy.parse("least-requests")).isEqualTo(Strategy.LEAST_OUTSTANDING);
    assertThatThrownBy(() -> Strategy.parse("fastest"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("round-robin, random, least-outstanding, power-of-two-choices");
  }

  private Map<Integer, Integer> pickMany(Balancer balancer, int times) {
    Map<Integer, Integer> counts = new HashMap<>();
    List<Upstream> candidates = new ArrayList<>(three);
    for (int i = 0; i < times; i++) {
      counts.merge(balancer.pick(candidates).port(), 1, Integer::sum);
    }
    return counts;
  }
}

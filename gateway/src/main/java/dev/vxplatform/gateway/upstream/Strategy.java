package dev.vxplatform.gateway.upstream;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The load-balancing strategies a route can choose, by their configuration names. */
public enum Strategy {

  /** Each instance in turn: exact alternation while the set is stable. */
  ROUND_ROBIN("round-robin"),
  /** A uniformly random instance. */
  RANDOM("random"),
  /** The instance with the fewest requests in flight; ties rotate. */
  LEAST_OUTSTANDING("least-outstanding"),
  /** Two random instances, the one with the lower in-flight × latency-EWMA cost wins. */
  POWER_OF_TWO_CHOICES("power-of-two-choices");

  private final String configName;

  Strategy(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  /** A fresh balancer: each route owns one, so round-robin counters are per route. */
  public Balancer newBalancer() {
    return switch (this) {
      case ROUND_ROBIN -> new RoundRobinBalancer();
      case RANDOM -> new RandomBalancer();
      case LEAST_OUTSTANDING -> new LeastOutstandingBalancer();
      case POWER_OF_TWO_CHOICES -> new PowerOfTwoChoicesBalancer();
    };
  }

  /** Accepts the configuration names and the usual short forms (rr, p2c, least-requests). */
  public static Strategy parse(String name) {
    String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    return switch (wanted) {
      case "round-robin", "roundrobin", "rr" -> ROUND_ROBIN;
      case "random" -> RANDOM;
      case "least-outstanding", "least-requests", "least-inflight" -> LEAST_OUTSTANDING;
      case "power-of-two-choices", "p2c" -> POWER_OF_TWO_CHOICES;
      default -> throw new IllegalArgumentException("unknown load-balancing strategy '" + name + "', expected one of "
          + Arrays.stream(values()).map(Strategy::configName).collect(Collectors.joining(", ")));
    };
  }
}

package dev.vxplatform.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vxplatform.shared.discovery.ServiceInstance;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import dev.vxplatform.shared.testing.TestCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class UpstreamDirectoryTest {

  private final List<String> added = new ArrayList<>();
  private final List<String> removed = new ArrayList<>();
  private final List<String> breakers = new CopyOnWriteArrayList<>();

  private UpstreamDirectory directory(Vertx vertx) {
    return directory(vertx, UpstreamOptions.defaults());
  }

  private UpstreamDirectory directory(Vertx vertx, UpstreamOptions options) {
    return new UpstreamDirectory(vertx, options, new UpstreamDirectory.Listener() {
      @Override
      public void added(Upstream upstream) {
        added.add(upstream.instance().registration());
      }

      @Override
      public void removed(Upstream upstream) {
        removed.add(upstream.instance().registration());
      }

      @Override
      public void breakerChanged(Upstream upstream, CircuitBreakerState state) {
        breakers.add(upstream.instance().registration() + " " + state);
      }
    });
  }

  @Test
  void reportsBreakerChangesOfItsInstancesAndNoneOnceAnInstanceIsGone(Vertx vertx) {
    UpstreamDirectory directory = directory(vertx, UpstreamOptions.from(new JsonObject().put("breakerResetMs", 50)));
    directory.refresh(Map.of("svc", List.of(http("svc", "a", 1))));
    Upstream a = directory.upstreams("svc").get(0);
    a.eject("refused");
    TestCluster.waitUntil("the breaker half-open after its reset time", Duration.ofSeconds(5),
        () -> breakers.contains("a HALF_OPEN"));
    a.eject("refused again");

    directory.refresh(Map.of());
    TestCluster.waitUntil("the gone instance's breaker half-open again", Duration.ofSeconds(5),
        () -> a.breakerState() == CircuitBreakerState.HALF_OPEN);

    assertThat(breakers).containsExactly("a OPEN", "a HALF_OPEN", "a OPEN");
  }

  private static ServiceInstance http(String service, String registration, int port) {
    return new ServiceInstance(service, registration, "i", "n", ServiceInstance.HTTP, "127.0.0.1", port, null,
        new JsonObject());
  }

  @Test
  void keepsTheStateOfRegistrationsThatStayAndDropsThoseThatGo(Vertx vertx) {
    UpstreamDirectory directory = directory(vertx);
    directory.refresh(Map.of("svc", List.of(http("svc", "a", 1), http("svc", "b", 2))));
    Upstream a = directory.upstreams("svc").get(0);
    a.eject("test");

    directory.refresh(Map.of("svc", List.of(http("svc", "a", 1))));

    assertThat(directory.upstreams("svc")).containsExactly(a);
    assertThat(a.breakerState()).isEqualTo(CircuitBreakerState.OPEN);
    assertThat(added).containsExactly("a", "b");
    assertThat(removed).containsExactly("b");
  }

  @Test
  void republishedInstanceStartsWithAClosedBreaker(Vertx vertx) {
    UpstreamDirectory directory = directory(vertx);
    directory.refresh(Map.of("svc", List.of(http("svc", "a", 1))));
    directory.upstreams("svc").get(0).eject("refused");

    directory.refresh(Map.of("svc", List.of(http("svc", "a2", 1))));

    assertThat(directory.upstreams("svc")).singleElement()
        .satisfies(upstream -> assertThat(upstream.breakerState()).isEqualTo(CircuitBreakerState.CLOSED));
  }

  @Test
  void republishedInstanceKeepsCountingTheRequestsStillInFlightThere(Vertx vertx) {
    UpstreamDirectory directory = directory(vertx);
    directory.refresh(Map.of("svc", List.of(http("svc", "a", 1), http("svc", "b", 2))));
    Upstream before = directory.upstreams("svc").get(0);
    before.started();

    directory.refresh(Map.of("svc", List.of(http("svc", "a2", 1), http("svc", "b", 2))));
    Upstream after = directory.upstreams("svc").get(0);

    assertThat(after).isNotSameAs(before);
    assertThat(after.inFlight()).isEqualTo(1);
    assertThat(directory.upstreams("svc").get(1).inFlight()).isZero();
    before.finished(); // the request sent before the re-publication answers
    assertThat(after.inFlight()).isZero();
  }

  @Test
  void ignoresEventBusServices(Vertx vertx) {
    UpstreamDirectory directory = directory(vertx);
    ServiceInstance bus = new ServiceInstance("svc", "e", "i", "n", ServiceInstance.EVENT_BUS, null, 0, "addr",
        new JsonObject());

    directory.refresh(Map.of("svc", List.of(bus, http("svc", "h", 3))));

    assertThat(directory.upstreams("svc")).extracting(Upstream::port).containsExactly(3);
    assertThat(directory.upstreams("other")).isEmpty();
  }
}

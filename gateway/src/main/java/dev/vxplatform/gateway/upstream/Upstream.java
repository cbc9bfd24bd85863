package dev.vxplatform.gateway.upstream;

import dev.vxplatform.shared.discovery.ServiceInstance;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP instance as the gateway sees it: its circuit breaker and the live numbers the balancers read. One
 * object per discovery registration, so a re-published instance starts with a closed breaker; but the in-flight
 * count belongs to the endpoint and passes to its next registration, since requests sent before the
 * re-publication are still outstanding there. Thread-safe: every event loop of the gateway shares it.
 */
public final class Upstream {

  private static final Logger LOG = LoggerFactory.getLogger(Upstream.class);
  /** Cost of an instance without latency samples yet: low, so a new instance is tried at once. */
  private static final double UNKNOWN_LATENCY_MILLIS = 0.001;

  private final ServiceInstance instance;
  private final String address;
  private final CircuitBreaker breaker;
  private final LatencyEwma latency;
  private final AtomicInteger inFlight;
  private final LongAdder requests = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LatencyHistogram histogram = new LatencyHistogram();
  private volatile boolean closed;

  Upstream(Vertx vertx, ServiceInstance instance, UpstreamOptions options) {
    this(vertx, instance, options, new AtomicInteger(), (upstream, state) -> { });
  }

  /**
   * @param inFlight  the counter of the same endpoint's previous registration, if it had one
   * @param onBreaker told of each change of the breaker's state, on the thread that changed it
   */
  Upstream(Vertx vertx, ServiceInstance instance, UpstreamOptions options, AtomicInteger inFlight,
      BiConsumer<Upstream, CircuitBreakerState> onBreaker) {
    this.instance = instance;
    this.inFlight = inFlight;
    this.address = instance.host() + ":" + instance.port();
    this.latency = new LatencyEwma(options.ewmaDecayMillis(), System.nanoTime());
    String name = instance.service() + "@" + address;
    this.breaker = CircuitBreaker.create("gateway:" + name + ":" + instance.registration(), vertx,
            options.breakerOptions())
        // A failure that does not blame the instance (the client left, an instance alive enough to say "not now")
        // does not count toward opening its breaker.
        .failurePolicy(outcome -> outcome.failed()
            && !(outcome.cause() instanceof Blame blame && !blame.blamesInstance()))
        .openHandler(v -> changed(name, CircuitBreakerState.OPEN, onBreaker))
        .halfOpenHandler(v -> changed(name, CircuitBreakerState.HALF_OPEN, onBreaker))
        .closeHandler(v -> changed(name, CircuitBreakerState.CLOSED, onBreaker));
  }

  /** An instance gone from discovery says nothing more (its breaker's reset timer still fires once). */
  private void changed(String name, CircuitBreakerState state,
      BiConsumer<Upstream, CircuitBreakerState> onBreaker) {
    if (closed) {
      return;
    }
    switch (state) {
      case OPEN -> LOG.warn("Breaker of {} OPEN: instance skipped", name);
      case HALF_OPEN -> LOG.info("Breaker of {} HALF_OPEN: one trial request allowed", name);
      case CLOSED -> LOG.info("Breaker of {} CLOSED: instance back in rotation", name);
    }
    onBreaker.accept(this, state);
  }

  public ServiceInstance instance() {
    return instance;
  }

  public String service() {
    return instance.service();
  }

  public String host() {
    return instance.host();
  }

  public int port() {
    return instance.port();
  }

  /** {@code host:port}, the label used in logs and metrics. */
  public String address() {
    return address;
  }

  public CircuitBreakerState breakerState() {
    return breaker.state();
  }

  /** True while its breaker waits for one trial request to decide whether the instance is back. */
  public boolean halfOpen() {
    return breaker.state() == CircuitBreakerState.HALF_OPEN;
  }

  /** False while the breaker is open; a half-open instance is offered and its breaker admits one trial. */
  public boolean mayTakeRequest() {
    return breaker.state() != CircuitBreakerState.OPEN;
  }

  /**
   * Runs one attempt under the breaker. The future fails with {@code OpenCircuitException} without running
   * {@code attempt} when the breaker refuses it (open, or the half-open trial is already taken).
   */
  public <T> Future<T> call(Supplier<Future<T>> attempt) {
    return breaker.execute(attempt);
  }

  /** Opens the breaker now (connection refused or reset), without waiting for more failures. */
  public void eject(String reason) {
    if (breaker.state() != CircuitBreakerState.OPEN) {
      LOG.warn("Ejecting {} of {}: {}", address, instance.service(), reason);
      breaker.open();
    }
  }

  public void started() {
    inFlight.incrementAndGet();
    requests.increment();
  }

  public void finished() {
    inFlight.decrementAndGet();
  }

  public void failed() {
    failures.increment();
  }

  public void observeLatency(long nanos) {
    latency.observe(nanos / 1_000_000.0, System.nanoTime());
    histogram.record(nanos);
  }

  /** Cumulative attempt latencies, for windows over them ({@link LatencyHistogram#percentileMillis}). */
  public long[] latencyCounts() {
    return histogram.counts();
  }

  public int inFlight() {
    return inFlight.get();
  }

  public long requests() {
    return requests.sum();
  }

  public long failures() {
    return failures.sum();
  }

  public double ewmaMillis() {
    return latency.millis(System.nanoTime());
  }

  /** What power-of-two-choices minimises: expected wait if queued behind what is already in flight. */
  public double cost(long now) {
    return (inFlight.get() + 1) * Math.max(latency.millis(now), UNKNOWN_LATENCY_MILLIS);
  }

  /** Who serves requests here: the same publisher process on the same host and port. */
  String endpointKey() {
    return instance.instanceId() + "@" + address;
  }

  AtomicInteger inFlightCounter() {
    return inFlight;
  }

  void close() {
    closed = true;
    breaker.close();
  }
}

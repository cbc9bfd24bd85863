package dev.vxplatform.gateway.proxy;

import dev.vxplatform.gateway.routing.Route;
import dev.vxplatform.gateway.upstream.NotUpstreamFault;
import dev.vxplatform.gateway.upstream.Upstream;
import dev.vxplatform.shared.tracing.TraceIds;
import dev.vxplatform.shared.web.AccessLog;
import dev.vxplatform.shared.web.ProblemException;
import dev.vxplatform.shared.web.Problems;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client request on its way through the gateway: at most 1 + maxRetries attempts (see {@link Tries}),
 * each under the instance's breaker, then exactly one answer (the instance's response streamed back, or a
 * problem+json of our own). Confined to the event loop of the client's connection, so its fields need no locks.
 */
final class Exchange {

  private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);

  private final ProxyHandler proxy;
  private final HttpServerRequest request;
  private final Route route;
  private final String requestId;
  /** Taken as the request arrives: Vert.x's tracer ends the request's span, and drops it, with the response. */
  private final String traceId = TraceIds.current();
  private final long receivedAt = System.nanoTime();
  private final Tries tries = new Tries();
  private final Admission admission;
  private RequestBody body;
  private boolean idempotent;
  private int attempts;
  private UpstreamFailure lastFailure;
  private HttpClientRequest pending;
  private boolean clientGone;
  private boolean answered;
  private boolean recorded;

  Exchange(ProxyHandler proxy, HttpServerRequest request, Route route) {
    this.proxy = proxy;
    this.request = request;
    this.route = route;
    this.requestId = ForwardedHeaders.requestId(request);
    this.admission = new Admission(proxy.limits().of(route.service()));
  }

  /** @param allowed the edge's verdict ({@link EdgeAccess}); fails with a ProblemException to answer */
  void start(Future<Void> allowed) {
    request.response().closeHandler(v -> clientLeft());
    if (allowed.failed()) {
      refuse(allowed.cause());
      return;
    }
    long length = RequestBody.contentLength(request);
    if (length > proxy.options().maxBodyBytes()) {
      rejectTooLarge();
      return;
    }
    idempotent = UpstreamFailure.idempotent(request.method(),
        request.headers().contains(ForwardedHeaders.IDEMPOTENCY_KEY));
    body = new RequestBody(request, length, proxy.options(), this::rejectTooLarge);
    proxy.budget().deposit();
    if (body.present() && request.headers().contains(HttpHeaders.EXPECT, HttpHeaders.CONTINUE, true)) {
      request.response().writeContinue();
    }
    Future<Void> ready = body.ready(); // reading starts now, whatever the verdict: a body is never left unread
    allowed.compose(v -> ready).onComplete(go -> {
      if (go.succeeded()) {
        admit();
      } else if (go.cause() instanceof ProblemException) {
        refuse(go.cause());
      } // else the read failed because the client left: clientLeft() answered
    });
  }

  /** Over the service's concurrency limit: shed at once, not queued behind the requests it is already slow with. */
  private void admit() {
    if (admission.take()) {
      attempt(pick());
      return;
    }
    proxy.metrics().shed(route.prefix());
    refuse(new Unavailable("Service overloaded", route.service() + " has as many requests in flight as it can take"
        + " now", proxy.options().retryAfterSeconds()));
  }

  private Upstream pick() {
    return tries.next(proxy.directory().upstreams(route.service()), route.balancer());
  }

  private void attempt(Upstream upstream) {
    if (clientGone || answered) {
      return;
    }
    if (upstream == null) {
      if (tries.mayWait(System.currentTimeMillis(), proxy.options().instanceWaitMillis())) {
        proxy.vertx().setTimer(tries.backoffMillis(), id -> attempt(pick()));
      } else {
        conclude();
      }
      return;
    }
    Attempt attempt = new Attempt(upstream);
    upstream.<HttpClientResponse>call(() -> send(attempt)).onComplete(outcome -> onOutcome(attempt, outcome));
  }

  private Future<HttpClientResponse> send(Attempt attempt) {
    Upstream upstream = attempt.upstream;
    attempts++;
    attempt.begin();
    long headTimeout = route.spec().headTimeoutMillis(idempotent && body.replayable(), attempts);
    return proxy.client().request(route.spec().requestTo(request.method(), request.uri(), upstream.host(),
            upstream.port(), headTimeout))
        .recover(err -> Future.failedFuture(classify(err, UpstreamFailure::notSent)))
        .compose(outgoing -> {
          pending = outgoing;
          ForwardedHeaders.toUpstream(request, requestId, outgoing.headers());
          return body.sendWith(outgoing)
              .recover(err -> Future.failedFuture(classify(err, headTimeout < route.spec().responseTimeoutMillis()
                  ? UpstreamFailure::afterShortTry : UpstreamFailure::afterSend)));
        })
        .compose(response -> {
          response.pause(); // until we know whether it goes to the client or is dropped for a retry
          upstream.observeLatency(attempt.elapsedNanos());
          return response.statusCode() >= 500
              ? Future.failedFuture(UpstreamFailure.status(response))
              : Future.succeededFuture(response);
        });
  }

  private RuntimeException classify(Throwable err, Function<Throwable, UpstreamFailure> byPhase) {
    return clientGone || answered ? new NotUpstreamFault("client left or request refused") : byPhase.apply(err);
  }

  private void onOutcome(Attempt attempt, AsyncResult<HttpClientResponse> outcome) {
    pending = null;
    Upstream upstream = attempt.upstream;
    if (outcome.succeeded()) {
      respond(attempt, outcome.result());
      return;
    }
    if (outcome.cause() instanceof OpenCircuitException) {
      tries.skipped(upstream); // opened meanwhile, or its half-open trial is taken: not an attempt, pick another
      attempt(pick());
      return;
    }
    if (!(outcome.cause() instanceof UpstreamFailure failure)) {
      attempt.end();
      if (!(outcome.cause() instanceof NotUpstreamFault)) {
        LOG.error("[{}] Unexpected failure proxying to {}", requestId, upstream.address(), outcome.cause());
        answer(502, "Bad gateway", "the gateway failed to forward the request; see its log", Map.of());
      }
      return;
    }
    tries.failed(upstream, failure.kind() == UpstreamFailure.Kind.TIMEOUT, failure.reason());
    upstream.failed();
    proxy.metrics().attemptFailed(upstream, failure.reason());
    if (failure.kind() == UpstreamFailure.Kind.TIMEOUT) {
      upstream.observeLatency(attempt.elapsedNanos()); // a timeout is at least this slow
    }
    if (failure.ejects()) {
      upstream.eject(failure.getMessage());
    }
    if (retry(failure)) {
      attempt.end();
      return;
    }
    int status = failure.kind() == UpstreamFailure.Kind.STATUS ? failure.response().statusCode() : 0;
    if (status != 0 && (attempts == 1 || status != 502)) { // its answer as is: no retry, or a last 503 (Retry-After)
      respond(attempt, failure.response());
      return;
    }
    attempt.end();
    failure.drain();
    lastFailure = failure;
    conclude();
  }

  private boolean retry(UpstreamFailure failure) {
    if (clientGone || answered || attempts > route.spec().maxRetries()
        || !failure.retriable(idempotent, body.replayable())) {
      return false;
    }
    Upstream next = pick();
    // None free now: wait for a breaker as a first try does (the outage that failed this attempt opens them all).
    if (next == null && !tries.mayWait(System.currentTimeMillis(), proxy.options().instanceWaitMillis())) {
      return false;
    }
    if (!proxy.budget().tryRetry()) {
      proxy.metrics().retryDenied(route.prefix());
      return false;
    }
    failure.drain();
    lastFailure = failure; // what the client hears if the wait ends with no instance
    proxy.metrics().retry(route.prefix(), failure.reason());
    LOG.debug("[{}] {} on {}; retrying on {}", requestId, failure.getMessage(), route.service(),
        next == null ? "the first instance a breaker lets through" : next.address());
    attempt(next); // null: looks again after a backoff
    return true;
  }

  private void respond(Attempt attempt, HttpClientResponse upstream) {
    if (clientGone || answered) {
      upstream.request().reset();
      attempt.end();
      return;
    }
    HttpServerResponse out = request.response();
    int status = upstream.statusCode();
    out.setStatusCode(status);
    if (upstream.statusMessage() != null) {
      out.setStatusMessage(upstream.statusMessage());
    }
    ForwardedHeaders.toClient(upstream.headers(), out.headers(), requestId);
    if (!out.headers().contains(HttpHeaders.CONTENT_LENGTH) && ForwardedHeaders.mayHaveBody(request.method(), status)) {
      out.setChunked(true);
    }
    pending = upstream.request();
    // Done once its response ended, before that is relayed: the client's next request must not find it in flight.
    upstream.end().onComplete(ended -> attempt.end());
    upstream.pipe().endOnFailure(false).to(out).onComplete(done -> {
      pending = null;
      attempt.end();
      if (done.failed()) {
        // One side broke mid-body: cut the other, a truncated body must not look complete.
        LOG.debug("[{}] Response from {} broke off: {}", requestId, attempt.upstream.address(),
            done.cause().toString());
        out.reset();
        upstream.request().reset();
      }
      record(status, attempt.upstream.address());
    });
  }

  private void conclude() {
    refuse(GatewayProblems.noAnswer(route, lastFailure, attempts, proxy.options().retryAfterSeconds()));
  }

  /** A refusal of the gateway's own (401, 429, 503, ...), with its headers (a challenge, Retry-After). */
  private void refuse(Throwable failure) {
    ProblemException refusal = (ProblemException) failure;
    answer(refusal.status(), refusal.title(), refusal.getMessage(), refusal.headers());
  }

  /** A problem+json answer of the gateway's own. */
  private Future<Void> answer(int status, String title, String detail, Map<String, String> headers) {
    answered = true;
    record(status, "none");
    if (status >= 500) {
      proxy.failureLog().warn(LOG, "[{}] {} {} -> {} {}: {} (tried: {})", requestId, request.method(), request.uri(),
          status, title, detail, tries);
    }
    if (clientGone) {
      request.response().reset();
      return Future.succeededFuture();
    }
    return GatewayProblems.send(request.response(), requestId, Problems.body(status, title, detail), headers);
  }

  private void rejectTooLarge() {
    GatewayProblems.closeAfter(proxy.vertx(), request, answer(413, "Payload too large", "the request body exceeds "
        + proxy.options().maxBodyBytes() + " bytes", Map.of()));
  }

  private void clientLeft() {
    if (request.response().ended()) {
      return;
    }
    clientGone = true;
    if (pending != null) {
      pending.reset();
    }
    record(499, "none"); // nginx's code for "client closed the request"
  }

  private void record(int status, String instance) {
    if (recorded) {
      return;
    }
    recorded = true;
    admission.giveBack(status);
    long nanos = System.nanoTime() - receivedAt;
    proxy.metrics().request(route.prefix(), instance, status, nanos);
    AccessLog.proxied(request, status, nanos, traceId, requestId, route.service(), instance, attempts);
  }
}

package dev.vxplatform.gateway;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * A backend with a fixed capacity, as a thread-pool server has one: {@code workers} requests are served at a time,
 * each for {@code serviceMillis}, and the rest wait in an unbounded first-come queue. Its capacity is
 * {@code workers * 1000 / serviceMillis} requests a second; above it the queue, and every answer's wait, grows.
 * A queued request whose caller has gone is dropped unserved. Confined to one event loop (one verticle instance),
 * so it needs no locks.
 */
final class BoundedWorkers implements Handler<HttpServerRequest> {

  private final Vertx vertx;
  private final int workers;
  private final long serviceMillis;
  private final Handler<HttpServerRequest> answer;
  private final Queue<HttpServerRequest> waiting = new ArrayDeque<>();
  private int busy;

  BoundedWorkers(Vertx vertx, int workers, long serviceMillis, Handler<HttpServerRequest> answer) {
    if (workers < 1 || serviceMillis < 1) {
      throw new IllegalArgumentException("workers and service time must be positive");
    }
    this.vertx = vertx;
    this.workers = workers;
    this.serviceMillis = serviceMillis;
    this.answer = answer;
  }

  @Override
  public void handle(HttpServerRequest request) {
    if (busy < workers) {
      serve(request);
    } else {
      waiting.add(request);
    }
  }

  private void serve(HttpServerRequest request) {
    busy++;
    vertx.setTimer(serviceMillis, done -> {
      if (!request.response().closed()) {
        answer.handle(request);
      }
      busy--;
      HttpServerRequest next = nextStillWanted();
      if (next != null) {
        serve(next);
      }
    });
  }

  /** A request whose caller gave up (the gateway's timeout closed its connection) is dropped, not worked on. */
  private HttpServerRequest nextStillWanted() {
    HttpServerRequest next = waiting.poll();
    while (next != null && next.response().closed()) {
      next = waiting.poll();
    }
    return next;
  }
}

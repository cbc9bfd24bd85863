package dev.vxplatform.loadtests.failover;

import java.util.Set;

/** What a recorded request did, its {@link Kind}, and which final HTTP statuses count as an answer. */
enum Action {
  PLACE(Kind.KEYED_POST, Set.of(201, 409)),
  CANCEL(Kind.KEYED_POST, Set.of(200)),
  COMPLETE(Kind.KEYED_POST, Set.of(200)),
  GET_PRODUCT(Kind.GET, Set.of(200)),
  GET_ORDER(Kind.GET, Set.of(200)),
  LIST_ORDERS(Kind.GET, Set.of(200)),
  SEED_PRODUCT(Kind.ADMIN, Set.of(200, 201)),
  RESTOCK(Kind.ADMIN, Set.of(200));

  /**
   * How a request is judged. GETs are retried by the gateway only; keyed POSTs also by the client, with the same
   * {@code Idempotency-Key}; admin writes (restock) are not idempotent, so nobody retries them.
   */
  enum Kind {
    GET, KEYED_POST, ADMIN
  }

  private final Kind kind;
  private final Set<Integer> answers;

  Action(Kind kind, Set<Integer> answers) {
    this.kind = kind;
    this.answers = answers;
  }

  Kind kind() {
    return kind;
  }

  /** True when {@code status} is an answer the platform promises (a success or a definite refusal). */
  boolean answered(int status) {
    return answers.contains(status);
  }
}

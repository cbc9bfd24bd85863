package dev.vxplatform.order.idempotency;

import io.vertx.core.json.JsonObject;

/**
 * What the cluster remembers about one {@code Idempotency-Key} (stored as JSON).
 *
 * @param fingerprint hash of the request it was first used with
 * @param resourceId  the order id the first attempt created (a retry drives the same order, never a new one)
 * @param state       {@link State}
 * @param owner       node id of the attempt in progress
 * @param since       when that attempt started (epoch millis), to spot a dead one
 * @param outcome     the answer, once there is one
 */
record KeyRecord(String fingerprint, String resourceId, State state, String owner, long since, Outcome outcome) {

  /** IN_PROGRESS: an attempt runs; DONE: final answer, replayed; RETRYABLE: a 5xx, the next attempt re-drives. */
  enum State { IN_PROGRESS, DONE, RETRYABLE }

  static KeyRecord started(String fingerprint, String resourceId, String owner, long now) {
    return new KeyRecord(fingerprint, resourceId, State.IN_PROGRESS, owner, now, null);
  }

  KeyRecord takenOverBy(String newOwner, long now) {
    return new KeyRecord(fingerprint, resourceId, State.IN_PROGRESS, newOwner, now, null);
  }

  KeyRecord finished(Outcome answer) {
    return new KeyRecord(fingerprint, resourceId, answer.isRetryable() ? State.RETRYABLE : State.DONE, owner, since,
        answer);
  }

  String encode() {
    JsonObject json = new JsonObject()
        .put("fingerprint", fingerprint)
        .put("resourceId", resourceId)
        .put("state", state.name())
        .put("owner", owner)
        .put("since", since);
    if (outcome != null) {
      json.put("outcome", outcome.toJson());
    }
    return json.encode();
  }

  static KeyRecord decode(String text) {
    JsonObject json = new JsonObject(text);
    JsonObject outcome = json.getJsonObject("outcome");
    return new KeyRecord(json.getString("fingerprint"), json.getString("resourceId"),
        State.valueOf(json.getString("state")), json.getString("owner"), json.getLong("since"),
        outcome == null ? null : Outcome.fromJson(outcome));
  }
}

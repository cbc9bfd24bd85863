package dev.vxplatform.loadtests.failover;

import io.vertx.core.json.JsonObject;

/**
 * One injected fault: from the moment it was injected until the node was back in the gateway's view and the
 * cluster's data was redundant again.
 *
 * @param fault       what was done ({@code kill -9}, {@code kill -STOP 10 s}, {@code restart}, ...)
 * @param node        the node it was done to
 * @param recoveredMs when the node was ready and routed to again (0 if it never was)
 * @param safeMs      ms from the fault until Hazelcast reported the cluster safe (every backup in sync), -1 if not
 *                    within the bound
 * @param detail      how recovery went, in words
 * @param outage      every instance of a service was down until recovery: requests that failed in between could
 *                    not be answered by anyone, and are counted apart from the failures the check refuses
 * @param minorityFromMs from when the gateway could reach only a minority of the data members, and that minority
 *                    had had time to notice (0: never in this window); a write acknowledged from then on until
 *                    {@code minorityToMs} was acknowledged by a minority member
 * @param minorityToMs until when (the heal)
 * @param detectedMs  for a network cut, ms from the cut until a member on the other side had dropped the cut-off
 *                    nodes from its member list (Hazelcast's failure detection); -1 when not seen or not a cut
 * @param healedMs    for a network cut, when it was healed; 0 otherwise
 */
record FaultWindow(int index, String fault, String node, long injectedMs, long recoveredMs, boolean recovered,
    long safeMs, String detail, boolean outage, long minorityFromMs, long minorityToMs, long detectedMs,
    long healedMs) {

  static final String DATABASE = "postgres";
  /** The title of the 503 a service answers when its database does not answer in time. */
  static final String DATABASE_AWAY = "Database unavailable";

  FaultWindow(int index, String fault, String node, long injectedMs, long recoveredMs, boolean recovered,
      long safeMs, String detail) {
    this(index, fault, node, injectedMs, recoveredMs, recovered, safeMs, detail, false, 0, 0, -1, 0);
  }

  FaultWindow(int index, String fault, String node, long injectedMs, long recoveredMs, boolean recovered,
      long safeMs, String detail, boolean outage) {
    this(index, fault, node, injectedMs, recoveredMs, recovered, safeMs, detail, outage, 0, 0, -1, 0);
  }

  FaultWindow(int index, String fault, String node, long injectedMs, long recoveredMs, boolean recovered,
      long safeMs, String detail, boolean outage, long minorityFromMs, long minorityToMs) {
    this(index, fault, node, injectedMs, recoveredMs, recovered, safeMs, detail, outage, minorityFromMs,
        minorityToMs, -1, 0);
  }

  /** This window with what a network cut adds: when it was detected, when it was healed. */
  FaultWindow withCut(long detectedAfterMs, long healedAtMs) {
    return new FaultWindow(index, fault, node, injectedMs, recoveredMs, recovered, safeMs, detail, outage,
        minorityFromMs, minorityToMs, detectedAfterMs, healedAtMs);
  }

  /** The attempt ran entirely while the gateway could reach only a minority that knew it was one. */
  boolean minorityCovers(Attempt attempt) {
    return minorityToMs > 0 && attempt.startMs() >= minorityFromMs && attempt.endMs() <= minorityToMs;
  }

  /** True when {@code atMs} fell between an outage's fault and its recovery (an outage never recovered: to the end). */
  boolean outageCovers(long atMs) {
    return outage && atMs >= injectedMs && (!recovered || atMs <= recoveredMs);
  }

  /**
   * The database was paused ({@code node} postgres) and {@code op} ended in that window with the platform's own
   * answer that the database did not answer: a read that must ask it could not be answered by anyone, like a
   * request in a total outage. Not a write: those are retried by their clients until the database is back.
   */
  boolean databaseAwayCovers(Op op) {
    Attempt last = op.attempts().isEmpty() ? null : op.attempts().get(op.attempts().size() - 1);
    return DATABASE.equals(node) && op.kind() == Action.Kind.GET && op.endMs() >= injectedMs
        && (!recovered || op.endMs() <= recoveredMs)
        && last != null && last.status() == 503 && last.error() != null
        && last.error().startsWith(DATABASE_AWAY);
  }

  long recoveryMillis() {
    return recovered ? recoveredMs - injectedMs : -1;
  }

  /** For a network cut, ms from the heal until the cut-off nodes were ready and routed again; -1 otherwise. */
  long sinceHealMillis() {
    return recovered && healedMs > 0 ? recoveredMs - healedMs : -1;
  }

  String label() {
    return fault + " " + node;
  }

  JsonObject toJson() {
    return new JsonObject().put("index", index).put("fault", fault).put("node", node).put("injected", injectedMs)
        .put("recovered", recovered).put("recoveredAt", recoveredMs).put("recoveryMs", recoveryMillis())
        .put("clusterSafeMs", safeMs).put("outage", outage).put("minorityFrom", minorityFromMs)
        .put("minorityTo", minorityToMs).put("detectedMs", detectedMs).put("healedAt", healedMs)
        .put("backAfterHealMs", sinceHealMillis()).put("detail", detail);
  }
}

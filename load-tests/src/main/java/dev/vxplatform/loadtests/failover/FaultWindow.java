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
 */
record FaultWindow(int index, String fault, String node, long injectedMs, long recoveredMs, boolean recovered,
    long safeMs, String detail) {

  long recoveryMillis() {
    return recovered ? recoveredMs - injectedMs : -1;
  }

  String label() {
    return fault + " " + node;
  }

  JsonObject toJson() {
    return new JsonObject().put("index", index).put("fault", fault).put("node", node).put("injected", injectedMs)
        .put("recovered", recovered).put("recoveredAt", recoveredMs).put("recoveryMs", recoveryMillis())
        .put("clusterSafeMs", safeMs)
        .put("detail", detail);
  }
}

package dev.vxplatform.shared.discovery;

import java.util.List;
import java.util.Map;

/**
 * The instances of every service, as an in-memory snapshot that is safe to read from any thread in O(1).
 *
 * <p>Callers read this on the request path instead of querying discovery, because a discovery query waits on
 * the cluster map and blocks for the whole failure-detection window while a member is hung.
 */
public interface InstanceView {

  /** The current instances of {@code service} (HTTP endpoints and event-bus services), never null. */
  List<ServiceInstance> instances(String service);

  /** The current HTTP endpoints of {@code service}, never null. */
  List<ServiceInstance> httpEndpoints(String service);

  /** Every service's instances, keyed by service name. */
  Map<String, List<ServiceInstance>> all();

  /**
   * Called after the set of instances changed, on whichever thread applied the change (an event loop, or a
   * Hazelcast thread completing a discovery read) and while the view's lock is held: keep listeners short,
   * non-blocking and thread-safe, and read the new state through this view.
   */
  void onChange(Runnable listener);
}

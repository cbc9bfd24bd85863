package dev.vxplatform.order.testing;

import dev.vxplatform.shared.discovery.InstanceView;
import dev.vxplatform.shared.discovery.ServiceInstance;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A discovery view whose instances the test sets: for unit tests without a cluster. */
public final class FixedInstanceView implements InstanceView {

  private final List<ServiceInstance> instances = new CopyOnWriteArrayList<>();

  public FixedInstanceView withEventBusService(String service, String address) {
    instances.add(new ServiceInstance(service, "reg-" + instances.size(), "instance", "node",
        ServiceInstance.EVENT_BUS, null, 0, address, new JsonObject()));
    return this;
  }

  public void clear() {
    instances.clear();
  }

  @Override
  public List<ServiceInstance> instances(String service) {
    return instances.stream().filter(instance -> instance.service().equals(service)).toList();
  }

  @Override
  public List<ServiceInstance> httpEndpoints(String service) {
    return instances(service).stream().filter(ServiceInstance::isHttp).toList();
  }

  @Override
  public Map<String, List<ServiceInstance>> all() {
    return Map.of();
  }

  @Override
  public void onChange(Runnable listener) {
  }
}

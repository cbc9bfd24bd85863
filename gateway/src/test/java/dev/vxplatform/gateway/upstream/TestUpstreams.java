package dev.vxplatform.gateway.upstream;

import dev.vxplatform.shared.discovery.ServiceInstance;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** Upstreams for tests outside this package (the constructor is package-private: the directory makes them). */
public final class TestUpstreams {

  private TestUpstreams() {
  }

  public static Upstream of(Vertx vertx, String registration, int port, UpstreamOptions options) {
    return new Upstream(vertx, new ServiceInstance("svc", registration, "instance", "node", ServiceInstance.HTTP,
        "127.0.0.1", port, null, new JsonObject()), options);
  }
}

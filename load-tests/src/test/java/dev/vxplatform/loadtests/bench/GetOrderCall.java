package dev.vxplatform.loadtests.bench;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** {@code GET /api/orders/{id}} through the gateway, of one of {@code ids} at random; only a 200 is a success. */
final class GetOrderCall implements FixedRateRun.Call {

  private final URI gateway;
  private final List<String> ids;

  GetOrderCall(URI gateway, List<String> ids) {
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("no placed orders to read");
    }
    this.gateway = gateway;
    this.ids = List.copyOf(ids);
  }

  @Override
  public Future<Integer> send(HttpClientAgent client) {
    String id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
    return client.request(HttpMethod.GET, gateway.getPort(), gateway.getHost(), "/api/orders/" + id)
        .compose(request -> request.send())
        .compose(response -> response.body().map(body -> response.statusCode()));
  }

  @Override
  public int expectedStatus() {
    return 200;
  }
}

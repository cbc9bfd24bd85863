package dev.vxplatform.gateway.proxy;

import dev.vxplatform.gateway.routing.Routes;
import dev.vxplatform.gateway.upstream.UpstreamDirectory;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;

/**
 * What every proxy server shares (all thread-safe): the route table, the instances, the retry budget, the
 * meters, and the router that answers everything that is not proxied.
 *
 * @param bindHost          interface the proxy servers listen on
 * @param connectTimeoutMillis TCP connect timeout of the upstream client (routes may bound it tighter)
 */
public record ProxySetup(Routes routes, UpstreamDirectory directory, RetryBudget budget, GatewayMetrics metrics,
    ProxyOptions options, Handler<HttpServerRequest> router, String bindHost, long connectTimeoutMillis) {

  HttpServerOptions serverOptions(int port) {
    return new HttpServerOptions()
        .setHost(bindHost)
        .setPort(port)
        // Expect: 100-continue is answered by the exchange once it decided to read the body (or to refuse it).
        .setHandle100ContinueAutomatically(false);
  }

  HttpClientOptions clientOptions() {
    return new HttpClientOptions()
        .setName("gateway-upstreams")
        .setKeepAlive(true)
        .setKeepAliveTimeout(options.keepAliveSeconds())
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeoutMillis))
        .setDecompressionSupported(false); // bodies pass through as the instance encoded them
  }

  PoolOptions poolOptions() {
    return new PoolOptions().setHttp1MaxSize(options.poolSize());
  }
}

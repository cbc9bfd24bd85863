package dev.vxplatform.gateway.proxy;

import dev.vxplatform.gateway.routing.Routes;
import dev.vxplatform.gateway.upstream.UpstreamDirectory;
import dev.vxplatform.shared.security.TlsConfig;
import dev.vxplatform.shared.security.TokenKeys;
import dev.vxplatform.shared.security.TokenVerifier;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import java.util.List;

/**
 * What every proxy server shares (all thread-safe): the route table, the instances, the retry budget, the
 * meters, the token keys, the rate limits, and the router that answers everything that is not proxied.
 *
 * @param bindHost          interface the proxy servers listen on
 * @param connectTimeoutMillis TCP connect timeout of the upstream client (routes may bound it tighter)
 * @param keys              what each proxy server's {@link TokenVerifier} verifies with
 * @param publicReads       path prefixes whose GET and HEAD need no token
 * @param rateLimits        the node's rate limits, one set of buckets for all its event loops
 * @param limits            the adaptive concurrency limits per service, each event loop its own
 * @param tls               on: the proxy servers speak HTTPS only, and every instance is called over HTTPS, its
 *                          certificate verified against the CA and the host of its discovery record (one switch for
 *                          the whole cluster, so discovery records carry no scheme)
 */
public record ProxySetup(Routes routes, UpstreamDirectory directory, RetryBudget budget, GatewayMetrics metrics,
    ProxyOptions options, Handler<HttpServerRequest> router, String bindHost, long connectTimeoutMillis,
    TokenKeys keys, List<String> publicReads, RateLimits rateLimits, ConcurrencyLimits limits, TlsConfig tls) {

  EdgeAccess edgeAccess(Vertx vertx) {
    return new EdgeAccess(new TokenVerifier(vertx, keys), publicReads, rateLimits);
  }

  HttpServerOptions serverOptions(int port) {
    return tls.server(new HttpServerOptions()
        .setHost(bindHost)
        .setPort(port)
        // Expect: 100-continue is answered by the exchange once it decided to read the body (or to refuse it).
        .setHandle100ContinueAutomatically(false));
  }

  HttpClientOptions clientOptions() {
    return tls.client(new HttpClientOptions()
        .setName("gateway-upstreams")
        .setKeepAlive(true)
        .setKeepAliveTimeout(options.keepAliveSeconds())
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, connectTimeoutMillis))
        .setDecompressionSupported(false)); // bodies pass through as the instance encoded them
  }

  PoolOptions poolOptions() {
    return new PoolOptions().setHttp1MaxSize(options.poolSize());
  }
}

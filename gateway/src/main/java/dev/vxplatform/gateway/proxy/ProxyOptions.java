package dev.vxplatform.gateway.proxy;

import io.vertx.core.json.JsonObject;

/**
 * How the proxy treats bodies, retries and connections. Keys are those of the gateway's JSON config; the
 * environment variables map onto them.
 *
 * @param maxBodyBytes         {@code maxBodyBytes}, env {@code GATEWAY_MAX_BODY_BYTES} (default 1 MiB): larger
 *                             request bodies are refused with 413
 * @param retryBufferBytes     {@code retryBufferBytes}, env {@code GATEWAY_RETRY_BUFFER_BYTES} (default 64 KiB):
 *                             a body announced with a Content-Length up to this size is held in memory so that it
 *                             can be sent again on a retry; larger or chunked bodies are streamed and only
 *                             retried when nothing was sent (connect failure)
 * @param retryBudgetRatio     {@code retryBudgetRatio}, env {@code GATEWAY_RETRY_BUDGET_RATIO} (default 0.2):
 *                             retries earned per request, i.e. at most ~20 % extra load
 * @param retryMinPerSecond    {@code retryMinPerSecond}, env {@code GATEWAY_RETRY_MIN_PER_SECOND} (default 10):
 *                             retries always allowed per second, so that a quiet gateway can still retry
 * @param retryBudgetCapacity  {@code retryBudgetCapacity}, env {@code GATEWAY_RETRY_BUDGET_CAPACITY} (default
 *                             100): most retries that can be saved up for a burst (one dying instance takes its
 *                             in-flight requests with it)
 * @param poolSize             {@code poolSize}, env {@code GATEWAY_POOL_SIZE} (default 64): keep-alive
 *                             connections per instance and per event loop
 * @param keepAliveSeconds     {@code keepAliveSeconds}, env {@code GATEWAY_KEEP_ALIVE_SECONDS} (default 30): an
 *                             idle pooled connection is closed after this long
 * @param eventLoops           {@code eventLoops}, env {@code GATEWAY_EVENT_LOOPS} (default: number of cores):
 *                             proxy servers sharing the port, one per event loop, each with its own client
 * @param retryAfterSeconds    {@code retryAfterSeconds}, env {@code GATEWAY_RETRY_AFTER_SECONDS} (default 1):
 *                             Retry-After of the 503 sent when no instance can take a request
 * @param instanceWaitMillis   {@code instanceWaitMs}, env {@code GATEWAY_INSTANCE_WAIT_MS} (default
 *                             {@value #DEFAULT_INSTANCE_WAIT_MILLIS}, the breakers' default reset time): how long
 *                             a request waits, re-checking with a short backoff, when the service has instances
 *                             but none may take it now (breakers open, half-open trials taken) before the 503;
 *                             0 answers at once
 */
public record ProxyOptions(long maxBodyBytes, long retryBufferBytes, double retryBudgetRatio,
    double retryMinPerSecond, double retryBudgetCapacity, int poolSize, int keepAliveSeconds, int eventLoops,
    int retryAfterSeconds, long instanceWaitMillis) {

  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  public static final long DEFAULT_RETRY_BUFFER_BYTES = 64 * 1024;
  public static final double DEFAULT_RETRY_BUDGET_RATIO = 0.2;
  public static final double DEFAULT_RETRY_MIN_PER_SECOND = 10;
  public static final double DEFAULT_RETRY_BUDGET_CAPACITY = 100;
  public static final int DEFAULT_POOL_SIZE = 64;
  public static final int DEFAULT_KEEP_ALIVE_SECONDS = 30;
  public static final int DEFAULT_RETRY_AFTER_SECONDS = 1;
  public static final long DEFAULT_INSTANCE_WAIT_MILLIS = 5_000;

  public ProxyOptions {
    if (maxBodyBytes < 0 || retryBufferBytes < 0 || retryBudgetRatio < 0 || retryMinPerSecond < 0
        || retryBudgetCapacity < 1 || poolSize < 1 || keepAliveSeconds < 1 || eventLoops < 1
        || retryAfterSeconds < 0 || instanceWaitMillis < 0) {
      throw new IllegalArgumentException("proxy options out of range: " + maxBodyBytes + "/" + poolSize + "/"
          + eventLoops);
    }
  }

  public static ProxyOptions defaults() {
    return from(new JsonObject());
  }

  public static ProxyOptions from(JsonObject json) {
    return new ProxyOptions(
        json.getLong("maxBodyBytes", DEFAULT_MAX_BODY_BYTES),
        json.getLong("retryBufferBytes", DEFAULT_RETRY_BUFFER_BYTES),
        json.getDouble("retryBudgetRatio", DEFAULT_RETRY_BUDGET_RATIO),
        json.getDouble("retryMinPerSecond", DEFAULT_RETRY_MIN_PER_SECOND),
        json.getDouble("retryBudgetCapacity", DEFAULT_RETRY_BUDGET_CAPACITY),
        json.getInteger("poolSize", DEFAULT_POOL_SIZE),
        json.getInteger("keepAliveSeconds", DEFAULT_KEEP_ALIVE_SECONDS),
        json.getInteger("eventLoops", Runtime.getRuntime().availableProcessors()),
        json.getInteger("retryAfterSeconds", DEFAULT_RETRY_AFTER_SECONDS),
        json.getLong("instanceWaitMs", DEFAULT_INSTANCE_WAIT_MILLIS));
  }
}

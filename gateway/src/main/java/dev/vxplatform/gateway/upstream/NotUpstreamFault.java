package dev.vxplatform.gateway.upstream;

/**
 * An attempt that ended for a reason that says nothing about the instance (the client went away, its body was
 * too large): the breaker does not count it.
 */
public final class NotUpstreamFault extends RuntimeException implements Blame {

  public NotUpstreamFault(String reason) {
    super(reason, null, false, false);
  }

  @Override
  public boolean blamesInstance() {
    return false;
  }
}

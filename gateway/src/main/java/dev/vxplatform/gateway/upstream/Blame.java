package dev.vxplatform.gateway.upstream;

/** What a failed attempt says about its instance: the breaker counts only the failures that blame it. */
public interface Blame {

  boolean blamesInstance();
}

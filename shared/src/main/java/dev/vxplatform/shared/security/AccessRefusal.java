package dev.vxplatform.shared.security;

import dev.vxplatform.shared.web.ProblemException;
import java.util.Map;

/**
 * A request refused for its credentials: 401 (no token, or one that does not verify) or 403 (a valid token without
 * the scope). Carries the {@code WWW-Authenticate} challenge of RFC 6750, which says the same to a client library.
 */
public final class AccessRefusal extends ProblemException {

  public static final String CHALLENGE_HEADER = "WWW-Authenticate";

  private final String challenge;

  private AccessRefusal(int status, String title, String detail, String challenge) {
    super(status, title, detail);
    this.challenge = challenge;
  }

  public static AccessRefusal missingToken() {
    return new AccessRefusal(401, "Unauthorized", "this route needs a bearer token: Authorization: Bearer <jwt>",
        "Bearer realm=\"vx-platform\"");
  }

  /** @param why what is wrong with it, in words safe to show (never the token itself) */
  public static AccessRefusal invalidToken(String why) {
    return new AccessRefusal(401, "Unauthorized", "the bearer token is not valid: " + why,
        "Bearer realm=\"vx-platform\", error=\"invalid_token\", error_description=\"" + why + "\"");
  }

  public static AccessRefusal missingScope(String scope) {
    return new AccessRefusal(403, "Forbidden", "this route needs the scope " + scope,
        "Bearer realm=\"vx-platform\", error=\"insufficient_scope\", scope=\"" + scope + "\"");
  }

  /** A valid token acting for someone it may not act for. */
  public static AccessRefusal notYours(String detail) {
    return new AccessRefusal(403, "Forbidden", detail, null);
  }

  /** The {@code WWW-Authenticate} value, null for a 403 that is not about scopes. */
  public String challenge() {
    return challenge;
  }

  @Override
  public Map<String, String> headers() {
    return challenge == null ? Map.of() : Map.of(CHALLENGE_HEADER, challenge);
  }
}

package dev.vxplatform.shared.db;

import io.vertx.core.VertxException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.util.Set;

/**
 * The database could not be read or written (away, too slow, refused): from a map store, whose map operation then
 * failed and changed nothing, or from a reactive pool's query ({@link #fromPool}). Serializable with the JDK (Hazelcast sends it back to the caller's member, which has
 * this class: every member has {@code shared}); without the driver's own exception as cause, which might not be.
 */
public final class DatabaseException extends RuntimeException {

  private static final long serialVersionUID = 1L;
  /** PostgreSQL's SQLSTATE classes for a connection lost, resources exhausted, or a server shutting down. */
  private static final Set<String> UNAVAILABLE_STATES = Set.of("08", "53", "57");
  /** The reactive pool's failure when no connection came free within its timeout (one shared instance, no type). */
  private static final String POOL_TIMEOUT = "Timeout waiting for connection";

  public DatabaseException(String message) {
    super(message, null, false, false);
  }

  /** Finds a database failure anywhere in a chain of causes (Hazelcast wraps what it propagates). */
  public static boolean in(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof DatabaseException) {
        return true;
      }
    }
    return false;
  }

  /**
   * A reactive pool's failure as this exception when it says the database could not be reached in time (see
   * {@link #unavailable}), so that callers answer it like a map store's; any other failure (bad SQL, a constraint: a
   * bug or a conflict) unchanged.
   *
   * @param what what failed, for the message ("reading orders")
   */
  public static Throwable fromPool(String what, Throwable failure) {
    return unavailable(failure) ? new DatabaseException(what + " failed: " + failure.getMessage()) : failure;
  }

  /**
   * Whether a reactive pool's {@code failure} says the database could not be reached in time, rather than that it
   * refused a statement: no connection came free within the pool's timeout, a connection was refused or closed, or
   * PostgreSQL's own connection, resource and shutdown errors (SQLSTATE classes 08, 53, 57).
   */
  static boolean unavailable(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof DatabaseException || cause instanceof ClosedConnectionException
          || cause instanceof IOException
          || cause instanceof VertxException && POOL_TIMEOUT.equals(cause.getMessage())
          || cause instanceof io.vertx.sqlclient.DatabaseException refused && refused.getSqlState() != null
          && UNAVAILABLE_STATES.contains(refused.getSqlState().substring(0, 2))) {
        return true;
      }
    }
    return false;
  }
}

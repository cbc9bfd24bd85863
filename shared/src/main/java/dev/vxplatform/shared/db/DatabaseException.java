package dev.vxplatform.shared.db;

/**
 * A map store could not read or write the database (away, too slow, refused): the map operation that needed it
 * failed and changed nothing. Serializable with the JDK (Hazelcast sends it back to the caller's member, which has
 * this class: every member has {@code shared}); without the driver's own exception as cause, which might not be.
 */
public final class DatabaseException extends RuntimeException {

  private static final long serialVersionUID = 1L;

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
}

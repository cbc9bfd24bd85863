package dev.vxplatform.shared.contract;

/** What the data services report about their database on the event bus (publish, no reply). */
public final class DatabaseContract {

  /**
   * {@code {node, service, up, detail?}} every {@code DatabaseProbe#INTERVAL_MILLIS} from each node that keeps data
   * in the database: whether its last probe got an answer ({@code detail} says why not). {@code node} is the Vert.x
   * node id, as in discovery records.
   */
  public static final String REPORTS = "platform.database.reports";

  private DatabaseContract() {
  }
}

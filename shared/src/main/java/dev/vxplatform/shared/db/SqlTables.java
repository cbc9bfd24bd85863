package dev.vxplatform.shared.db;

import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.core.HazelcastInstance;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every map store shares: its table names from configuration, one transaction per call, one failure type. */
public final class SqlTables {

  private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]*\\.[a-z_][a-z0-9_]*");
  private static final Logger LOG = LoggerFactory.getLogger(SqlTables.class);

  /** Work on one connection, inside a transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private SqlTables() {
  }

  /**
   * The configuration of a map store that writes through (a write is acknowledged once the database has it) and
   * loads what is asked for. Store calls run on the partition thread, in line with the operation, rather than
   * offloaded to Hazelcast's executor: offloaded entry operations of a map with objects in memory missed their
   * backup acknowledgements while a new member started its maps (failing with fail-on-indeterminate-state).
   */
  public static MapStoreConfig writeThrough(Class<?> store, Properties properties) {
    return new MapStoreConfig().setEnabled(true).setClassName(store.getName()).setWriteDelaySeconds(0)
        .setInitialLoadMode(MapStoreConfig.InitialLoadMode.LAZY).setOffload(false).setProperties(properties);
  }

  /** A schema-qualified table name from configuration, checked because it is spliced into SQL. */
  public static String name(String table) {
    if (table == null || !TABLE.matcher(table).matches()) {
      throw new IllegalArgumentException("a map store needs a table as 'schema.table' (lower case), not " + table);
    }
    return table;
  }

  /**
   * The member's database for a map store. Every member creates the stores of every map it knows, lite members
   * (which own no data, so never call them) included; a data member without a database is a configuration error,
   * logged here and failing each of its writes.
   */
  public static Source source(HazelcastInstance hazelcast, String mapName, String table) {
    DataSource dataSource = Database.of(hazelcast).map(Database::dataSource).orElse(null);
    if (dataSource == null && !hazelcast.getCluster().getLocalMember().isLiteMember()) {
      LOG.error("Map {} is kept in table {}, but this member has no database (DATABASE_URL): its writes will fail",
          mapName, table);
    }
    return new Source(dataSource, table);
  }

  /** A store's way to the database. */
  public static final class Source {

    private final DataSource dataSource;
    private final String table;

    private Source(DataSource dataSource, String table) {
      this.dataSource = dataSource;
      this.table = table;
    }

    /** Runs {@code work}, any number of statements, in one transaction; any SQL failure becomes a {@link DatabaseException}. */
    public <T> T transaction(String what, Work<T> work) {
      return run(what, true, work);
    }

    /**
     * Runs {@code work}, exactly one statement (a batch of one counts), as its own transaction (autocommit): one
     * round trip to the database instead of two (the statement, then COMMIT), on every write of the request path.
     */
    public <T> T statement(String what, Work<T> work) {
      return run(what, false, work);
    }

    /** {@link #statement} for a batch of one row, {@link #transaction} for more. */
    public <T> T batch(String what, int rows, Work<T> work) {
      return run(what, rows > 1, work);
    }

    private <T> T run(String what, boolean transaction, Work<T> work) {
      if (dataSource == null) {
        throw new DatabaseException("no database configured on this member (DATABASE_URL) for " + table);
      }
      try (Connection connection = dataSource.getConnection()) {
        if (!transaction) {
          return work.run(connection); // the pool hands out connections in autocommit
        }
        connection.setAutoCommit(false);
        try {
          T result = work.run(connection);
          connection.commit();
          return result;
        } catch (SQLException | RuntimeException e) {
          connection.rollback();
          throw e;
        }
      } catch (SQLException e) {
        throw new DatabaseException(what + " failed: " + e.getMessage());
      }
    }
  }
}

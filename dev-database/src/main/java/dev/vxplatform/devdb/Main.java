package dev.vxplatform.devdb;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server for the local launcher, kept in a data directory that outlives the process: a second
 * start finds the database as the last one left it. The server runs as processes of its own (the postmaster and its
 * backends); this JVM starts it, prints one line once it accepts connections, and stops it on SIGTERM.
 *
 * <p>Configuration: {@code PG_PORT} (default {@value #DEFAULT_PORT}), {@code PG_DATA_DIR} (default
 * {@code .run/postgres/data}), {@code PG_LISTEN_ADDRESSES} (default {@value #DEFAULT_LISTEN}; the launcher's network
 * namespaces add the bridge's address) and {@code PG_TRUSTED_SUBNET} (none by default: a CIDR whose clients are let
 * in as 127.0.0.1's are, without a password; the namespaces' private subnet).
 *
 * <p>The JVM lives exactly as long as the server: it exits once the server is stopped (SIGTERM), and exits by itself
 * when the server dies without it (a SIGKILLed postmaster), so that a process list or the launcher's {@code status}
 * never shows a wrapper without a database.
 */
public final class Main {

  static final int DEFAULT_PORT = 5432;
  static final String DEFAULT_LISTEN = "127.0.0.1";
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  // Recovery after a crash (a SIGKILLed server) replays the WAL before it accepts connections; zonky's default 10 s
  // is short for that on a busy 2-core machine.
  private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
  // zonky's pg_ctl stop gives up after 5 s (fast mode); a server still finishing its shutdown checkpoint then gets
  // this long before the JVM exits anyway (the launcher checks for a left-over postmaster itself).
  private static final Duration STOP_WAIT = Duration.ofSeconds(25);

  private static volatile boolean stopping;

  private Main() {
  }

  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    int port = Integer.parseInt(env.getOrDefault("PG_PORT", String.valueOf(DEFAULT_PORT)));
    File data = new File(env.getOrDefault("PG_DATA_DIR", ".run/postgres/data")).getAbsoluteFile();
    String listen = env.getOrDefault("PG_LISTEN_ADDRESSES", DEFAULT_LISTEN);
    long started = System.nanoTime();
    removeIncompleteBinaries();
    EmbeddedPostgres postgres;
    try {
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setDataDirectory(data)
          .setCleanDataDirectory(false)
          .setPort(port)
          .setPGStartupWait(STARTUP_WAIT)
          // The server's own log (start-up, recovery, errors) goes to this JVM's output, i.e. the launcher's
          // postgres.log; the server keeps writing there even if this JVM is killed.
          .setOutputRedirector(ProcessBuilder.Redirect.INHERIT)
          .setErrorRedirector(ProcessBuilder.Redirect.INHERIT)
          // The same sort order and messages on every developer's machine, whatever its LANG.
          .setLocaleConfig("locale", "C")
          .setServerConfig("listen_addresses", listen)
          // zonky turns this off; a commit the services were told about must survive a SIGKILLed server (the
          // failure demos kill it). fsync stays off (zonky's -F): that only matters when the machine crashes.
          .setServerConfig("synchronous_commit", "on")
          // Enough connections for every node's pool (5 nodes x 8) plus the services' reactive clients.
          .setServerConfig("max_connections", "200");
      String subnet = env.get("PG_TRUSTED_SUBNET");
      if (subnet != null && !subnet.isBlank()) {
        builder.setServerConfig("hba_file", TrustedSubnet.hbaFile(data, subnet).getPath());
      }
      postgres = builder.start();
    } catch (IOException | RuntimeException e) {
      LOG.error("PostgreSQL did not start on {}:{} (data: {}): {}", listen, port, data, e.toString());
      System.exit(1);
      return;
    }
    long postmaster = postmasterPid(data).orElse(-1L);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(postgres, postmaster), "postgres-stop"));
    watch(postmaster);
    LOG.info("PostgreSQL ready on {} port {} in {} ms (data: {})", listen, port,
        (System.nanoTime() - started) / 1_000_000, data);
    try {
      Thread.currentThread().join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** pg_ctl stop (zonky's close), then waits until the postmaster is really gone: the JVM outlives the server. */
  private static void stop(EmbeddedPostgres postgres, long postmaster) {
    stopping = true;
    try {
      postgres.close(); // idempotent: zonky's own shutdown hook may be running it at the same time
    } catch (IOException | RuntimeException e) {
      LOG.warn("Stopping PostgreSQL failed: {}", e.toString());
    }
    long deadline = System.nanoTime() + STOP_WAIT.toNanos();
    while (running(postmaster) && System.nanoTime() < deadline) {
      sleep(100);
    }
    if (running(postmaster)) {
      LOG.warn("PostgreSQL (postmaster {}) still running after {} s", postmaster, STOP_WAIT.toSeconds());
    } else {
      LOG.info("PostgreSQL stopped");
    }
  }

  /** Exits this JVM when the server dies without being asked to (SIGKILL, OOM killer, a crash). */
  private static void watch(long postmaster) {
    if (postmaster < 0) {
      LOG.warn("No postmaster.pid found: this JVM will not notice if the server dies");
      return;
    }
    Thread watcher = new Thread(() -> {
      while (running(postmaster) || stopping) {
        sleep(500);
      }
      LOG.error("PostgreSQL server (postmaster {}) is gone; exiting", postmaster);
      Runtime.getRuntime().halt(1); // no shutdown hooks: there is nothing left to stop
    }, "postmaster-watch");
    watcher.setDaemon(true);
    watcher.start();
  }

  /**
   * zonky unpacks the server binaries once per machine into {@code <tmp>/embedded-pg/PG-<md5>} and marks the folder
   * complete with a file {@code .exists}. An unpack cut short (the JVM killed, out of memory, disk full) leaves a
   * folder without it, which zonky never repairs: every later start fails on the files already there. Such a folder
   * is deleted here, unless another JVM is unpacking into it right now (it holds the folder's lock file) or it is
   * younger than a minute (it may have just been created, the lock not taken yet).
   */
  private static void removeIncompleteBinaries() {
    Path root = Path.of(System.getProperty("ot.epg.working-dir",
        Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toString()));
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith("PG-")).toList()) {
        if (Files.exists(dir.resolve(".exists"))
            || Files.getLastModifiedTime(dir).toInstant().isAfter(Instant.now().minusSeconds(60))) {
          continue;
        }
        try (RandomAccessFile lockFile = new RandomAccessFile(dir.resolve("epg-lock").toFile(), "rw");
            FileLock lock = lockFile.getChannel().tryLock()) {
          if (lock != null) {
            LOG.warn("Removing incompletely unpacked PostgreSQL binaries in {}", dir);
            try (Stream<Path> files = Files.walk(dir)) {
              for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
              }
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // nothing unpacked yet (no folder), or not ours to clean: zonky reports what it cannot use
      LOG.debug("Checking {} for incomplete binaries: {}", root, e.toString());
    }
  }

  /** The first line of DATA/postmaster.pid, written by the server once it runs. */
  private static Optional<Long> postmasterPid(File data) {
    try {
      return Files.readAllLines(data.toPath().resolve("postmaster.pid")).stream().findFirst()
          .map(String::trim).map(Long::parseLong);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Alive and not a zombie (a killed postmaster waits as one until its parent, init, reaps it). */
  private static boolean running(long pid) {
    if (pid < 0) {
      return false;
    }
    Path stat = Path.of("/proc/" + pid + "/stat");
    if (Files.isDirectory(Path.of("/proc/self"))) {
      try {
        String text = Files.readString(stat);
        return text.charAt(text.lastIndexOf(')') + 2) != 'Z';
      } catch (IOException e) {
        return false;
      }
    }
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); // no /proc (macOS)
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package dev.vxplatform.loadtests.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The short processes {@link ComposeTopology} runs beside its nodes (signals, one-shots, scripts), and node logs. */
final class Processes {

  private Processes() {
  }

  /** Starts a short process and waits, at most {@code timeout}, for its exit code. */
  static int finish(ProcessBuilder builder, Duration timeout, String what) {
    try {
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(what + " did not finish in " + timeout.toSeconds() + " s");
      }
      return process.exitValue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }

  /** The last 30 lines of a log, for a failure message. */
  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Exit code of the image's HEALTHCHECK script against a port. */
  static int healthcheck(int port) {
    ProcessBuilder builder = new ProcessBuilder("bash", ComposeFile.INFRA.resolve("docker/healthcheck.sh").toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("HTTP_PORT", String.valueOf(port));
    return finish(builder, Duration.ofSeconds(10), "healthcheck.sh");
  }
}

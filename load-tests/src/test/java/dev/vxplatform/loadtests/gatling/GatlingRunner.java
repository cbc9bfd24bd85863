package dev.vxplatform.loadtests.gatling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs one simulation in a JVM of its own, as gatling-maven-plugin does, on this JVM's test classpath: Gatling's
 * engine (and its Netty) never shares a JVM with the caller, and a run that hangs is killed at its deadline.
 */
public final class GatlingRunner {

  /** gatling-maven-plugin's own defaults (module access Gatling needs on Java 17), with a small serial heap. */
  static final List<String> JVM_FLAGS = List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
      "-XX:MaxInlineLevel=20", "-XX:MaxTrivialSize=12", "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
      "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener");

  /** What a run left: Gatling's exit code (0: every assertion held), its console output, its HTML report. */
  public record Outcome(int exitCode, String output, Optional<Path> report) {
  }

  private GatlingRunner() {
  }

  /**
   * Runs {@code simulation} with {@code properties} as system properties and {@code token} as its {@code TOKEN}
   * (none if null), results under {@code resultsDir}; waits at most {@code timeout}, then kills it and fails.
   */
  public static Outcome run(Class<?> simulation, Path resultsDir, Map<String, String> properties, String token,
      Duration timeout) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_FLAGS);
    command.addAll(List.of("-cp", testClasspath()));
    properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
    command.addAll(List.of("io.gatling.app.Gatling", "-s", simulation.getName(),
        "-rf", resultsDir.toAbsolutePath().toString(), "-rd", simulation.getSimpleName()));
    Process process = null;
    try {
      Files.createDirectories(resultsDir);
      Path output = Files.createTempFile(resultsDir, simulation.getSimpleName(), ".out");
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
      builder.environment().remove("TOKEN");
      if (token != null) {
        builder.environment().put("TOKEN", token);
      }
      process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(simulation.getSimpleName() + " still running after " + timeout + ":\n"
            + Files.readString(output));
      }
      return new Outcome(process.exitValue(), Files.readString(output), newestReport(resultsDir));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } finally {
      if (process != null && process.isAlive()) {
        process.destroyForcibly();
      }
    }
  }

  /** Surefire and failsafe put the full test classpath here; {@code java.class.path} may be a manifest jar. */
  private static String testClasspath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }

  private static Optional<Path> newestReport(Path resultsDir) throws IOException {
    try (Stream<Path> runs = Files.list(resultsDir)) {
      return runs.map(run -> run.resolve("index.html")).filter(Files::exists)
          .max(Comparator.comparing(report -> report.toFile().lastModified()));
    }
  }
}

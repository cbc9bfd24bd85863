package dev.vxplatform.archetype;

import static dev.vxplatform.shared.testing.TestCluster.waitUntil;

import dev.vxplatform.shared.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A platform fat jar running as a JVM of its own on loopback, its output in a log file. {@link #close()} stops it
 * with SIGTERM (unpublish, drain, leave) and kills it if that takes too long: no JVM outlives the test.
 */
final class ServiceJvm implements AutoCloseable {

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
  // HTTP/1.1, as curl and Prometheus speak: the JDK client's default h2c upgrade hangs now and then when the first
  // answer on a connection is large (a /metrics page), past every timeout.
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final int port;
  private final int managementPort;
  private final Path log;
  private final Process process;

  /** An HTTP answer; status 0 when nothing answered (not listening yet, or too slow). */
  record Response(int status, String contentType, String body) {
    @Override
    public String toString() {
      return status + " " + contentType + " " + body;
    }
  }

  private ServiceJvm(String name, int port, int managementPort, Path log, Process process) {
    this.name = name;
    this.port = port;
    this.managementPort = managementPort;
    this.log = log;
    this.process = process;
  }

  /**
   * @param env  added to this JVM's environment (cluster settings, the HTTP port variable), with a free
   *             {@code MANAGEMENT_PORT}
   * @param port the HTTP port {@code env} gives it
   */
  static ServiceJvm start(String name, Path jar, Map<String, String> env, int port) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(name + ": no fat jar at " + jar + " (was it built?)");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(System.getProperty("it.jvmFlags", "").trim().split("\\s+")));
    command.add("-jar");
    command.add(jar.toString());
    try {
      Path logDir = Files.createDirectories(Path.of(System.getProperty("it.logDir", "target/it-logs")));
      Path log = logDir.resolve(name + ".log");
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().putAll(env);
      int managementPort = FreePorts.take();
      builder.environment().put("MANAGEMENT_PORT", String.valueOf(managementPort));
      return new ServiceJvm(name, port, managementPort, log, builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for 200 on {@code /health/ready}: joined the cluster and published in discovery. */
  ServiceJvm awaitReady(Duration timeout) {
    waitUntil(name + " answers 200 on /health/ready", timeout, () -> {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + logTail());
      }
      return get("/health/ready").status() == 200;
    });
    return this;
  }

  int port() {
    return port;
  }

  Response get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  /** A GET on the management port: {@code /metrics}, the gateway's {@code /admin/*}. */
  Response manage(String path) {
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path)).GET());
  }

  /** @param authorization the Authorization header */
  Response get(String path, String authorization) {
    return send(HttpRequest.newBuilder(uri(path)).header("Authorization", authorization).GET());
  }

  /** @param authorization the Authorization header, null for none */
  Response post(String path, String json, String authorization) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    return send(authorization == null ? request : request.header("Authorization", authorization));
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
          response.body());
    } catch (IOException e) {
      return new Response(0, "", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }

  /** The last lines of this JVM's output, for failure messages. */
  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}

package dev.vxplatform.loadtests.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's scripts: the entrypoint's address and join-list handling, its key pair commands (the compose file's
 * keys service), and the HEALTHCHECK.
 */
class EntrypointTest {

  private static final String TOKEN_TOOL = "dev.vxplatform.shared.security.TokenTool";

  @TempDir
  Path dir;

  /** What the entrypoint printed (the stand-in java's lines included) and its exit code. */
  private record Run(int exit, String output) {
  }

  @Test
  void entrypointSetsTheContainerAddressAndExpandsServiceNamesIntoTheirAddresses() throws Exception {
    String output = entrypoint(Map.of(
        "CLUSTER_MEMBERS", "localhost:5701, no-such-service.invalid:5701,10.1.2.3:5701-5702",
        "JAVA_OPTS", "-XX:MaxRAMPercentage=45 -Dmarker=1",
        "APP_JAR", "/somewhere/app.jar"));
    // localhost resolves like a compose service name; an unknown name and an address stay as they are.
    assertThat(output).contains(
        "CLUSTER_MEMBERS=127.0.0.1:5701,localhost:5701,no-such-service.invalid:5701,10.1.2.3:5701-5702");
    assertThat(output).containsPattern("CLUSTER_HOST=\\d+\\.\\d+\\.\\d+\\.\\d+\n");
    assertThat(output).contains("args: -XX:MaxRAMPercentage=45 -Dmarker=1 --add-modules java.se")
        .contains("--add-opens java.base/sun.nio.ch=ALL-UNNAMED").contains("-jar /somewhere/app.jar");
  }

  @Test
  void entrypointKeepsAGivenClusterHost() throws Exception {
    String output = entrypoint(Map.of("CLUSTER_HOST", "10.9.8.7", "CLUSTER_MEMBERS", "10.9.8.6:5701"));
    assertThat(output).contains("CLUSTER_HOST=10.9.8.7\n").contains("CLUSTER_MEMBERS=10.9.8.6:5701\n");
  }

  @Test
  void keysRunsTheTokenToolOnTheKeyDirectoryInsteadOfTheService() throws Exception {
    Run keys = entrypoint(Map.of("JAVA_OPTS", "-Dmarker=1", "APP_JAR", "/somewhere/app.jar"), "keys");
    assertThat(keys.exit()).as(keys.output()).isZero();
    // The image's /keys unless JWT_KEY_DIR says otherwise; no cluster set-up, no Hazelcast flags, no -jar.
    assertThat(keys.output()).isEqualTo("args: -Dmarker=1 -cp /somewhere/app.jar " + TOKEN_TOOL + " keys /keys\n"
        + "argc: 6\nCLUSTER_HOST=\nCLUSTER_MEMBERS=\n");
  }

  @Test
  void tokenPrintsOnlyWhatTheTokenToolPrintsAndPassesItsOptions() throws Exception {
    Run token = entrypoint(Map.of("JWT_KEY_DIR", "/elsewhere", "CLUSTER_MEMBERS", "localhost:5701"),
        "token", "--sub", "ops", "--scope", "orders:read admin");
    assertThat(token.exit()).as(token.output()).isZero();
    // Only java's lines: TOKEN=$(... run --rm -T keys token) takes all of stdout. The scope stays one argument.
    assertThat(token.output()).isEqualTo("args: -cp /app/app.jar " + TOKEN_TOOL
        + " token /elsewhere --sub ops --scope orders:read admin\n"
        + "argc: 9\nCLUSTER_HOST=\nCLUSTER_MEMBERS=localhost:5701\n");
  }

  @Test
  void refusesAnUnknownCommand() throws Exception {
    Run unknown = entrypoint(Map.of(), "bash");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.output()).contains("unknown command 'bash'").doesNotContain("args:");
  }

  @Test
  void healthcheckPassesOnlyWhileReadinessAnswers200() throws IOException {
    AtomicInteger status = new AtomicInteger(503);
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/health/ready", exchange -> {
      exchange.sendResponseHeaders(status.get(), -1);
      exchange.close();
    });
    server.start();
    int port = server.getAddress().getPort();
    try {
      assertThat(Processes.healthcheck(port)).as("503: not ready").isNotZero();
      status.set(200);
      assertThat(Processes.healthcheck(port)).as("200: ready").isZero();
    } finally {
      server.stop(0);
    }
    assertThat(Processes.healthcheck(port)).as("nothing listening").isNotZero();
  }

  /** Runs entrypoint.sh (no arguments: the service) and expects exit code 0; what it printed. */
  private String entrypoint(Map<String, String> env) throws Exception {
    Run run = entrypoint(env, new String[0]);
    assertThat(run.exit()).as(run.output()).isZero();
    return run.output();
  }

  /** Runs entrypoint.sh with a stand-in {@code java} that prints what the real one would get. */
  private Run entrypoint(Map<String, String> env, String... args) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path java = bin.resolve("java");
    Files.writeString(java, "#!/bin/sh\necho \"args: $*\"\n"
        + (args.length > 0 ? "echo \"argc: $#\"\n" : "")
        + "echo \"CLUSTER_HOST=$CLUSTER_HOST\"\necho \"CLUSTER_MEMBERS=$CLUSTER_MEMBERS\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path output = dir.resolve("entrypoint.out");
    List<String> command = new ArrayList<>();
    command.add("bash");
    command.add(ComposeFile.INFRA.resolve("docker/entrypoint.sh").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().clear();
    builder.environment().put("PATH", bin + ":/usr/local/bin:/usr/bin:/bin");
    builder.environment().putAll(env);
    Process process = builder.start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), Files.readString(output));
  }
}

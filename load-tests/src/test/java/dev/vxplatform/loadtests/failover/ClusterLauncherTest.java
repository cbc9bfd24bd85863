package dev.vxplatform.loadtests.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ClusterLauncher} against a stand-in {@code local-cluster.sh}: what it leaves behind when stopped early. */
class ClusterLauncherTest {

  /** 'up' never finishes by itself (it "starts nodes" forever); 'down' notes that it ran. */
  private static final String SCRIPT = """
      #!/usr/bin/env bash
      case "$1" in
        up) while true; do echo node >> "$RUN_DIR/started"; sleep 0.05; done ;;
        down) echo down >> "$RUN_DIR/down" ;;
      esac
      """;

  @Test
  void closingWhileUpIsStillStartingNodesStopsTheScriptFirst(@TempDir Path root) throws Exception {
    Files.createDirectories(root.resolve("infra"));
    Files.writeString(root.resolve("infra/local-cluster.sh"), SCRIPT);
    Path runDir = root.resolve("run");
    ClusterLauncher launcher = new ClusterLauncher(root, runDir, 1, 1, true, 60, false);
    CompletableFuture<String> up = CompletableFuture.supplyAsync(launcher::up);
    try {
      waitForFile(runDir.resolve("started"));

      launcher.close();

      // Without stopping it, 'up' would run on for its whole timeout (two minutes) and keep starting nodes.
      assertThatThrownBy(() -> up.get(10, TimeUnit.SECONDS)).hasMessageContaining("local-cluster.sh up exited");
      assertThat(runDir.resolve("down")).as("'down' ran after the script was stopped").exists();
    } finally {
      ProcessHandle.current().descendants()
          .filter(p -> p.info().commandLine().map(line -> line.contains(root.toString())).orElse(false))
          .forEach(ProcessHandle::destroyForcibly);
    }
  }

  private static void waitForFile(Path file) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!Files.exists(file) || Files.size(file) == 0) {
      assertThat(System.nanoTime()).as("%s written within 10 s", file).isLessThan(deadline);
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }
}

package dev.vxplatform.loadtests.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The availability check in its {@code --quick} form, in every {@code mvn verify}: the platform as real JVMs, a
 * recorded workload through the gateway, a kill -9 of an inventory node and of an order-service node, a SIGSTOP of
 * the other order-service node, then every invariant. Exit code 0 or the test fails with the report (also in target/failover-results/).
 */
class FailoverQuickIT {

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void quickCheckKeepsEveryPromise() throws IOException {
    Path root = ClusterLauncher.findRoot();
    Path results = root.resolve("load-tests/target/failover-results");

    int exitCode = FailoverCheck.run(root, CheckOptions.quick(results));

    assertThat(exitCode).as("exit code of the quick availability check; its report:%n%s", latestReport(results))
        .isZero();
  }

  private static String latestReport(Path results) throws IOException {
    try (Stream<Path> runs = Files.list(results)) {
      Path report = runs.max(Comparator.comparing(Path::getFileName)).map(run -> run.resolve("report.md"))
          .orElse(null);
      return report != null && Files.exists(report) ? Files.readString(report) : "(no report written)";
    }
  }
}

package dev.vxplatform.loadtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The gateway's dashboard in a real browser, as part of the build: runs {@code load-tests/dashboard-check.sh}
 * (Debian's chromium and playwright-core, installed by the script when missing) against a cluster of its own, from
 * the jars this build just packaged. Its steps and their bounds are the script's; this test holds it to its verdict.
 */
class DashboardCheckIT {

  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  private static final long TIMEOUT_MINUTES = 6;

  @Test
  void showsEveryNodeAKilledInstanceGoneAndBackAndAnOrderPlacedFromThePage() throws Exception {
    Path output = Files.createTempFile("dashboard-check", ".log");
    ProcessBuilder check = new ProcessBuilder("bash", ROOT.resolve("load-tests/dashboard-check.sh").toString())
        .redirectErrorStream(true).redirectOutput(output.toFile());
    check.environment().put("SKIP_BUILD", "1");
    check.environment().put("UP_TIMEOUT", "180");
    check.environment().put("MEASURE_SECONDS", "5");
    Process process = check.start();
    try {
      boolean finished = process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
      String printed = read(output);
      assertThat(finished).as("dashboard-check.sh finished within %d min:%n%s", TIMEOUT_MINUTES, printed).isTrue();
      assertThat(process.exitValue()).as("dashboard-check.sh's exit status:%n%s", printed).isZero();
      assertThat(printed).contains("dashboard check: PASS");
    } finally {
      // The script brings its cluster down on any exit, SIGTERM included.
      process.destroy();
      process.waitFor(1, TimeUnit.MINUTES);
      Files.deleteIfExists(output);
    }
  }

  private static String read(Path output) throws IOException {
    return Files.readString(output);
  }
}

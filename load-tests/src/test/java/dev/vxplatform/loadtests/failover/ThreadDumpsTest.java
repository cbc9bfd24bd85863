package dev.vxplatform.loadtests.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThreadDumpsTest {

  @Test
  void dumpsARunningJvmAndSkipsOneThatIsGone(@TempDir Path folder) throws IOException {
    long self = ProcessHandle.current().pid();
    long gone = Long.MAX_VALUE / 2;

    int written = ThreadDumps.capture(folder, List.of("self", "gone"), List.of(self, gone), "test");

    assertThat(written).isEqualTo(1);
    assertThat(Files.readString(folder.resolve("self.threads-test.txt"))).contains("Full thread dump");
  }
}

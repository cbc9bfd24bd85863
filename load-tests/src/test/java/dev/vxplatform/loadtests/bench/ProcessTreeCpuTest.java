package dev.vxplatform.loadtests.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessTreeCpuTest {

  @Test
  void readsNamedAndBarePids() {
    assertThat(ProcessTreeCpu.parseRoots("order-1=42, postgres=7,99,"))
        .containsExactlyInAnyOrderEntriesOf(Map.of(42L, "order-1", 7L, "postgres", 99L, "99"));
  }

  @Test
  void splitsTheTimeOfEachTreeByItsName() {
    long self = ProcessHandle.current().pid();
    ProcessTreeCpu cpu = new ProcessTreeCpu(Map.of(self, "this-jvm"), 100);
    double before = cpu.sample().secondsByName().getOrDefault("this-jvm", 0.0);
    long deadline = System.nanoTime() + 300_000_000L;
    double sink = 0;
    while (System.nanoTime() < deadline) {
      sink += Math.sqrt(sink + 1); // CPU work to be counted
    }

    ProcessTreeCpu.Sample after = cpu.sample();

    assertThat(sink).isPositive();
    assertThat(after.secondsByName()).containsOnlyKeys("this-jvm");
    assertThat(after.secondsByName().get("this-jvm")).isGreaterThan(before).isEqualTo(after.seconds());
  }
}

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A data member of the soak's cluster, and how its memory is measured: heap after a full GC (jcmd) and RSS. */
record Member(String name, long pid) {

  private static final Pattern GENERATION_USED = Pattern.compile("total \\d+K, used (\\d+)K");
  private static final Pattern ZGC_USED = Pattern.compile("ZHeap\\s+used (\\d+)M");

  /** Heap used after a full GC and resident set size, in MB; NaN when it could not be measured. */
  record Sample(double heapMb, double rssMb) {
    static final Sample NONE = new Sample(Double.NaN, Double.NaN);
  }

  /** Full GC, then heap used, through jcmd; RSS from /proc. */
  Sample sample(Path jcmdCommands) {
    if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      return Sample.NONE;
    }
    double heap = Double.NaN;
    Path output = null;
    try {
      output = Files.createTempFile("soak-jcmd-", ".out");
      String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
      Process process = new ProcessBuilder(jcmd, Long.toString(pid), "-f", jcmdCommands.toString())
          .redirectErrorStream(true).redirectOutput(output.toFile()).start();
      if (process.waitFor(60, TimeUnit.SECONDS)) {
        heap = heapUsedMb(Files.readString(output));
      } else {
        process.destroyForcibly();
      }
    } catch (IOException e) {
      // no heap number this minute
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (output != null) {
        output.toFile().delete();
      }
    }
    return new Sample(heap, rssMb(pid));
  }

  /** Heap used from GC.heap_info: the generations' (or G1's, Parallel's) "used", or ZGC's. */
  static double heapUsedMb(String heapInfo) {
    long usedKb = 0;
    boolean found = false;
    for (String line : heapInfo.split("\n")) {
      String trimmed = line.trim();
      if (trimmed.startsWith("Metaspace") || trimmed.startsWith("class space")) {
        continue;
      }
      Matcher generation = GENERATION_USED.matcher(trimmed);
      if (generation.find()) {
        usedKb += Long.parseLong(generation.group(1));
        found = true;
        continue;
      }
      Matcher zgc = ZGC_USED.matcher(trimmed);
      if (zgc.find()) {
        usedKb += Long.parseLong(zgc.group(1)) * 1024;
        found = true;
      }
    }
    return found ? usedKb / 1024.0 : Double.NaN;
  }

  static double rssMb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone
    }
    return Double.NaN;
  }
}

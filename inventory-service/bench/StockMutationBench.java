import com.sun.management.ThreadMXBean;
import dev.vxplatform.shared.contract.stock.StockMutation;
import dev.vxplatform.shared.contract.stock.StockRecord;
import java.lang.management.ManagementFactory;
import java.util.AbstractMap.SimpleEntry;
import java.util.Locale;
import java.util.Map;

/**
 * What one stock mutation costs as a sku's holds pile up: the processor as the partition owner (and each backup)
 * runs it, in this JVM, no cluster. For each size, a record with that many reserved holds (distinct orders), then
 * pairs of hold + unhold of a new order (the size stays put), timed after a warm-up. Prints ns and bytes allocated
 * per mutation. Run by bench-stock-mutation.sh in source-file mode with the inventory fat jar as classpath:
 * {@code java -cp fat.jar StockMutationBench.java <pairs> <size> [<size> ...]}
 */
public class StockMutationBench {

  public static void main(String[] args) {
    int pairs = Integer.parseInt(args[0]);
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    for (int i = 1; i < args.length; i++) {
      int size = Integer.parseInt(args[i]);
      Map.Entry<String, StockRecord> sku = new SimpleEntry<>("SKU-B", null);
      StockMutation.init(Long.MAX_VALUE / 4).process(sku);
      for (int order = 0; order < size; order++) {
        StockMutation.hold("held-" + order, "a", System.currentTimeMillis(), 1, false).process(sku);
      }
      run(sku, Math.max(2_000, pairs / 2)); // warm-up: JIT, and the same shape of work as measured
      long bytes = threads.getThreadAllocatedBytes(thread);
      long start = System.nanoTime();
      run(sku, pairs);
      long nanos = System.nanoTime() - start;
      bytes = threads.getThreadAllocatedBytes(thread) - bytes;
      System.out.printf(Locale.ROOT, "holds=%d mutations=%d ns_per_mutation=%.0f bytes_per_mutation=%.0f%n", size,
          2L * pairs, nanos / (2.0 * pairs), bytes / (2.0 * pairs));
    }
  }

  private static void run(Map.Entry<String, StockRecord> sku, int pairs) {
    long now = System.currentTimeMillis();
    for (int i = 0; i < pairs; i++) {
      String order = "new-" + i;
      StockMutation.hold(order, "a", now, 1, false).process(sku);
      StockMutation.unhold(order, "a", 0).process(sku);
    }
  }
}

package dev.vxplatform.loadtests.failover;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A small table rendered as aligned text (the console) or as Markdown (the report file). */
final class Table {

  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  Table(String... headers) {
    this.headers = List.of(headers);
  }

  Table row(Object... cells) {
    rows.add(Arrays.stream(cells).map(String::valueOf).toList());
    return this;
  }

  String text() {
    int[] widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = headers.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, headers, widths);
    StringBuilder rule = new StringBuilder();
    for (int width : widths) {
      rule.append("-".repeat(width)).append("  ");
    }
    out.append(rule.toString().stripTrailing()).append('\n');
    rows.forEach(row -> line(out, row, widths));
    return out.toString();
  }

  String markdown() {
    StringBuilder out = new StringBuilder("| ").append(String.join(" | ", headers)).append(" |\n|");
    headers.forEach(h -> out.append("---|"));
    out.append('\n');
    rows.forEach(row -> out.append("| ").append(String.join(" | ", row.stream()
        .map(cell -> cell.replace("|", "\\|")).toList())).append(" |\n"));
    return out.toString();
  }

  private static void line(StringBuilder out, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      line.append(String.format("%-" + widths[i] + "s  ", cells.get(i)));
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }
}

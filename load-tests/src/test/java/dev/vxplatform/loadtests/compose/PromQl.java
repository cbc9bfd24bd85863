package dev.vxplatform.loadtests.compose;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough PromQL reading to check a dashboard against a scrape: the series selectors (metric name and the
 * labels it matches on) and the labels of {@code by}/{@code without}/{@code on}/{@code ignoring} clauses.
 */
final class PromQl {

  /** A selector {@code metric{label="..."}}: the metric and the label names it matches on. */
  record Selector(String metric, Set<String> labels) {
  }

  private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
      "and", "or", "unless", "bool", "offset", "inf", "nan");
  private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*\\]");
  private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring)\\s*\\(([^)]*)\\)");
  private static final Pattern SELECTOR =
      Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\{[^}]*\\})?(\\s*\\()?");
  private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)");

  private final List<Selector> selectors = new ArrayList<>();
  private final Set<String> groupingLabels = new LinkedHashSet<>();

  private PromQl(String expression) {
    String rest = RANGE.matcher(expression).replaceAll("");
    Matcher grouping = GROUPING.matcher(rest);
    while (grouping.find()) {
      for (String label : grouping.group(2).split(",")) {
        if (!label.isBlank()) {
          groupingLabels.add(label.trim());
        }
      }
    }
    rest = GROUPING.matcher(rest).replaceAll(" ");
    Matcher selector = SELECTOR.matcher(rest);
    while (selector.find()) {
      String name = selector.group(1);
      boolean function = selector.group(3) != null && selector.group(2) == null;
      if (function || KEYWORDS.contains(name.toLowerCase())) {
        continue;
      }
      Set<String> labels = new LinkedHashSet<>();
      if (selector.group(2) != null) {
        Matcher matcher = MATCHER.matcher(selector.group(2));
        while (matcher.find()) {
          labels.add(matcher.group(1));
        }
      }
      selectors.add(new Selector(name, labels));
    }
  }

  static PromQl parse(String expression) {
    return new PromQl(expression);
  }

  List<Selector> selectors() {
    return selectors;
  }

  Set<String> groupingLabels() {
    return groupingLabels;
  }
}

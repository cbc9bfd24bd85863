package dev.vxplatform.loadtests.compose;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Prometheus text exposition reduced to what a dashboard check needs: series names and their label names. */
final class Scrape {

  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"");

  private final Map<String, Set<String>> labelsByName = new TreeMap<>();

  /** Adds every sample of {@code text}; several scrapes (one per node) can be merged into one. */
  Scrape add(String text) {
    for (String line : text.split("\n")) {
      Matcher sample = SAMPLE.matcher(line);
      if (line.startsWith("#") || !sample.find()) {
        continue;
      }
      Set<String> labels = labelsByName.computeIfAbsent(sample.group(1), name -> new LinkedHashSet<>());
      if (sample.group(3) != null) {
        Matcher label = LABEL.matcher(sample.group(3));
        while (label.find()) {
          labels.add(label.group(1));
        }
      }
    }
    return this;
  }

  boolean has(String name) {
    return labelsByName.containsKey(name);
  }

  Set<String> labels(String name) {
    return labelsByName.getOrDefault(name, Set.of());
  }

  Set<String> names() {
    return labelsByName.keySet();
  }
}

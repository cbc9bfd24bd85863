package dev.vxplatform.loadtests.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code infra/docker-compose.yml} as written (YAML anchors and merge keys resolved, nothing else): its services,
 * their environment, replicas, dependencies and limits.
 */
final class ComposeFile {

  static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  static final Path INFRA = ROOT.resolve("infra");
  static final Path FILE = INFRA.resolve("docker-compose.yml");

  /** One compose service; {@code module} is the {@code MODULE} build argument, null for third-party images. */
  record Service(String name, String module, int replicas, Map<String, String> environment,
      Map<String, String> dependsOn, long memLimitBytes, List<String> ports, Map<String, Object> raw) {

    /** The arguments {@code command} gives the image's entrypoint; none when unset. */
    List<String> command() {
      return raw.get("command") instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    /** Its {@code volumes} in the short syntax {@code source:target[:ro|rw]}. */
    List<Mount> mounts() {
      return raw.get("volumes") instanceof List<?> list
          ? list.stream().map(volume -> Mount.parse(String.valueOf(volume))).toList() : List.of();
    }
  }

  /** One {@code volumes} entry; {@code source} is a named volume or a path ({@code ./...}, {@code /...}). */
  record Mount(String source, String target, boolean readOnly) {

    static Mount parse(String volume) {
      String[] parts = volume.split(":");
      if (parts.length < 2 || parts.length > 3) {
        throw new AssertionError("not a source:target[:mode] volume: " + volume);
      }
      return new Mount(parts[0], parts[1], parts.length == 3 && "ro".equals(parts[2]));
    }

    boolean named() {
      return !source.startsWith(".") && !source.startsWith("/") && !source.startsWith("~");
    }
  }

  private final Map<String, Object> root;
  private final Map<String, Service> services = new LinkedHashMap<>();

  private ComposeFile(Map<String, Object> root) {
    this.root = root;
    map(root, "services").forEach((name, body) -> services.put(name, service(name, asMap(body))));
  }

  static ComposeFile load() {
    return new ComposeFile(yaml(FILE));
  }

  /** Any YAML file of the repository as maps and lists (safe constructor: no arbitrary types). */
  static Map<String, Object> yaml(Path file) {
    try {
      return asMap(new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String version() {
    return String.valueOf(root.get("version"));
  }

  Map<String, Service> services() {
    return services;
  }

  Service service(String name) {
    Service service = services.get(name);
    if (service == null) {
      throw new AssertionError("no service '" + name + "' in " + FILE);
    }
    return service;
  }

  /** The named volumes the file declares. */
  Set<String> volumes() {
    return map(root, "volumes").keySet();
  }

  /** A one-shot: another service waits for it to exit 0 ({@code service_completed_successfully}). */
  boolean runsToCompletion(Service service) {
    return services.values().stream()
        .anyMatch(other -> "service_completed_successfully".equals(other.dependsOn().get(service.name())));
  }

  /** The platform's long-running services: {@link #platformServices()} without the one-shots. */
  List<Service> serviceNodes() {
    return platformServices().stream().filter(service -> !runsToCompletion(service)).toList();
  }

  /**
   * The services built from this repository (a MODULE build argument), one-shots included, dependencies first;
   * images left out.
   */
  List<Service> platformServices() {
    List<Service> ordered = new ArrayList<>();
    Set<String> done = new LinkedHashSet<>();
    services.values().stream().filter(service -> service.module() != null)
        .forEach(service -> visit(service, done, ordered, new LinkedHashSet<>()));
    return ordered;
  }

  private void visit(Service service, Set<String> done, List<Service> ordered, Set<String> path) {
    if (done.contains(service.name())) {
      return;
    }
    if (!path.add(service.name())) {
      throw new AssertionError("depends_on cycle through " + path);
    }
    service.dependsOn().keySet().forEach(dependency -> visit(service(dependency), done, ordered, path));
    done.add(service.name());
    if (service.module() != null) {
      ordered.add(service);
    }
  }

  private static Service service(String name, Map<String, Object> body) {
    Object build = body.get("build");
    String module = build instanceof Map<?, ?> map && map.get("args") instanceof Map<?, ?> args
        ? (String) args.get("MODULE") : null;
    Map<String, String> environment = new LinkedHashMap<>();
    map(body, "environment").forEach((key, value) -> environment.put(key, String.valueOf(value)));
    Map<String, String> dependsOn = new LinkedHashMap<>();
    Object depends = body.get("depends_on");
    if (depends instanceof List<?> list) {
      list.forEach(dependency -> dependsOn.put(String.valueOf(dependency), "service_started"));
    } else if (depends instanceof Map<?, ?> map) {
      map.forEach((dependency, condition) ->
          dependsOn.put(String.valueOf(dependency), String.valueOf(asMap(condition).get("condition"))));
    }
    List<String> ports = body.get("ports") instanceof List<?> list
        ? list.stream().map(String::valueOf).toList() : List.of();
    int replicas = body.get("scale") instanceof Integer scale ? scale : 1;
    Object memLimit = body.get("mem_limit");
    return new Service(name, module, replicas, environment, dependsOn,
        memLimit == null ? -1 : bytes(String.valueOf(memLimit)), ports, body);
  }

  /** Compose byte values: {@code 256m}, {@code 1g}, {@code 512k}, plain bytes. */
  static long bytes(String value) {
    Matcher matcher = Pattern.compile("(\\d+)([bkmg]?)b?", Pattern.CASE_INSENSITIVE).matcher(value.trim());
    if (!matcher.matches()) {
      throw new IllegalArgumentException("not a byte value: " + value);
    }
    long number = Long.parseLong(matcher.group(1));
    return switch (matcher.group(2).toLowerCase()) {
      case "k" -> number << 10;
      case "m" -> number << 20;
      case "g" -> number << 30;
      default -> number;
    };
  }

  /** A {@code ENV NAME="value"} or {@code NAME=value} of infra/Dockerfile: what the image sets. */
  static String dockerfileEnv(String name) {
    try {
      Matcher matcher = Pattern.compile("^\\s*(?:ENV\\s+)?" + name + "=(?:\"([^\"]*)\"|([^\\s\"]+))", Pattern.MULTILINE)
          .matcher(Files.readString(INFRA.resolve("Dockerfile")));
      if (!matcher.find()) {
        throw new AssertionError("infra/Dockerfile sets no " + name);
      }
      return matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> asMap(Object value) {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?>)) {
      throw new AssertionError("expected a mapping, got " + value);
    }
    return (Map<String, Object>) value;
  }

  static Map<String, Object> map(Map<String, Object> parent, String key) {
    return asMap(parent.get(key));
  }
}

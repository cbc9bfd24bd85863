package dev.vxplatform.loadtests.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vxplatform.loadtests.compose.ComposeFile.Mount;
import dev.vxplatform.loadtests.compose.ComposeFile.Service;
import dev.vxplatform.shared.security.LocalKeys;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The compose file, the Prometheus config and the Grafana provisioning agree with each other and with the
 * issue's demo: replicas that join one cluster by service name, health-gated start-up, laptop-sized limits,
 * only the gateway, Prometheus, Grafana and Jaeger's UI published, Prometheus scraping each service's unpublished
 * management port, every service verifying tokens with the public key that a one-shot keys service makes first.
 * Docker's own parser has the last word where installed.
 */
class ComposeFileTest {

  private static final Set<String> PLATFORM = Set.of("gateway", "order-service", "inventory-service");
  static final String JAEGER_UI = "16686";
  private final ComposeFile compose = ComposeFile.load();

  @Test
  void dockerComposeAcceptsTheFile() throws Exception {
    List<List<String>> clis = new ArrayList<>();
    if (runs("docker-compose", "version")) {
      clis.add(List.of("docker-compose"));
    }
    if (runs("docker", "compose", "version")) {
      clis.add(List.of("docker", "compose"));
    }
    assumeTrue(!clis.isEmpty(), "neither docker-compose nor the docker compose plugin is installed");
    for (List<String> cli : clis) {
      List<String> command = new ArrayList<>(cli);
      command.addAll(List.of("-f", ComposeFile.FILE.toString(), "config", "-q"));
      Path output = Files.createTempFile("compose-config", ".out");
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
      assertThat(process.exitValue()).as("%s:\n%s", command, Files.readString(output)).isZero();
    }
  }

  @Test
  void replicasJoinOneClusterByServiceName() {
    assertThat(compose.version()).isEqualTo("2.4");
    Map<String, Service> services = compose.services();
    assertThat(services.get("inventory-service").replicas()).isEqualTo(3);
    assertThat(services.get("order-service").replicas()).isEqualTo(2);
    assertThat(services.get("gateway").replicas()).isEqualTo(1);
    assertThat(compose.platformServices()).extracting(Service::name)
        .containsExactly("keys", "inventory-service", "order-service", "gateway");
    assertThat(compose.serviceNodes()).extracting(Service::name)
        .containsExactly("inventory-service", "order-service", "gateway");
    Set<String> clusterNames = new HashSet<>();
    for (Service service : compose.serviceNodes()) {
      Map<String, String> env = service.environment();
      clusterNames.add(env.get("CLUSTER_NAME"));
      // Every container has an address of its own: the entrypoint sets CLUSTER_HOST; one port, no range.
      assertThat(env).as(service.name()).doesNotContainKey("CLUSTER_HOST").doesNotContainKey("PUBLIC_HOST")
          .containsEntry("CLUSTER_PORT_COUNT", "1").containsEntry("HTTP_HOST", "0.0.0.0");
      for (String member : env.get("CLUSTER_MEMBERS").split(",")) {
        String[] hostAndPort = member.trim().split(":");
        assertThat(hostAndPort).as("member %s of %s", member, service.name()).hasSize(2);
        assertThat(PLATFORM).as("member %s names a platform service", member).contains(hostAndPort[0]);
        assertThat(hostAndPort[1]).as("member %s: that service's CLUSTER_PORT", member)
            .isEqualTo(compose.service(hostAndPort[0]).environment().get("CLUSTER_PORT"));
      }
    }
    assertThat(clusterNames).hasSize(1);
    assertThat(services.get("gateway").environment()).containsEntry("CLUSTER_LITE", "true");
    assertThat(services.get("inventory-service").environment()).doesNotContainKey("CLUSTER_LITE");
  }

  @Test
  void servicesStartHealthGatedAndFitALaptop() {
    assertThat(compose.service("order-service").dependsOn()).containsEntry("inventory-service", "service_healthy");
    assertThat(compose.service("gateway").dependsOn()).containsEntry("inventory-service", "service_healthy")
        .containsEntry("order-service", "service_healthy");
    for (Service service : compose.services().values()) {
      assertThat(service.memLimitBytes()).as("mem_limit of %s", service.name()).isBetween(1L, 256L << 20);
      // A one-shot that restarted after its exit 0 would never count as completed.
      assertThat(service.raw()).as(service.name())
          .containsEntry("restart", compose.runsToCompletion(service) ? "no" : "unless-stopped");
    }
    for (Service service : compose.serviceNodes()) {
      Map<String, Object> healthcheck = ComposeFile.map(service.raw(), "healthcheck");
      assertThat(healthcheck.get("test")).as(service.name()).isEqualTo(List.of("CMD", "/app/healthcheck.sh"));
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void theDataServicesWaitForAHealthyPostgresWithAVolumeOfItsOwn() {
    Service postgres = compose.service("postgres");
    assertThat(String.valueOf(postgres.raw().get("image"))).startsWith("postgres:");
    assertThat((List<String>) postgres.raw().get("volumes")).containsExactly("pgdata:/var/lib/postgresql/data");
    assertThat(ComposeFile.map(postgres.raw(), "healthcheck").get("test").toString()).contains("pg_isready");
    for (String data : List.of("inventory-service", "order-service")) {
      assertThat(compose.service(data).dependsOn()).as(data).containsEntry("postgres", "service_healthy");
      assertThat(compose.service(data).environment()).as(data)
          .containsEntry("DATABASE_URL", "jdbc:postgresql://postgres:5432/postgres")
          .containsKeys("DATABASE_USER", "DATABASE_PASSWORD");
    }
    assertThat(compose.platformServices()).extracting(Service::name).doesNotContain("postgres");
  }

  @Test
  void aOneShotKeysServiceMakesTheKeyPairInAVolumeOfItsOwn() {
    Service keys = compose.service("keys");
    Service gateway = compose.service("gateway");
    // The gateway's image and user (app): the image's /keys belongs to app, so the new volume does too.
    assertThat(keys.module()).isEqualTo("gateway");
    assertThat(keys.raw().get("image")).isEqualTo(gateway.raw().get("image"));
    assertThat(keys.raw()).doesNotContainKey("user").doesNotContainKey("ports");
    assertThat(keys.command()).containsExactly("keys");
    assertThat(compose.runsToCompletion(keys)).isTrue();
    assertThat(ComposeFile.map(keys.raw(), "healthcheck")).containsEntry("disable", true);
    assertThat(keys.mounts()).containsExactly(new Mount("jwt-keys", "/keys", false));
    assertThat(keys.environment()).containsOnlyKeys("JWT_KEY_DIR").containsEntry("JWT_KEY_DIR", "/keys");
    assertThat(compose.volumes()).contains("jwt-keys");
    assertThat(Pattern.compile("install -d -o app -g app -m 0700 /keys\\b").matcher(dockerfile()).find())
        .as("infra/Dockerfile makes /keys owned by app").isTrue();
    assertThat(dockerfile()).contains("USER app");
  }

  @Test
  void everyServiceVerifiesTokensWithThePublicKeyOfTheKeysService() {
    String keyDir = compose.service("keys").environment().get("JWT_KEY_DIR");
    for (Service service : compose.serviceNodes()) {
      assertThat(service.environment()).as(service.name())
          .containsEntry("JWT_PUBLIC_KEY_FILE", keyDir + "/" + LocalKeys.PUBLIC_FILE)
          .doesNotContainKeys("JWT_JWKS_URL", "JWT_KEY_DIR");
      assertThat(service.dependsOn()).as(service.name()).containsEntry("keys", "service_completed_successfully");
      assertThat(service.mounts()).as(service.name()).contains(new Mount("jwt-keys", keyDir, true));
    }
    for (Service service : compose.services().values()) {
      for (Mount mount : service.mounts()) {
        assertThat(!mount.named() || compose.volumes().contains(mount.source()))
            .as("%s mounts volume %s, which the file declares", service.name(), mount.source()).isTrue();
        assertThat(!"jwt-keys".equals(mount.source()) || mount.readOnly() || "keys".equals(service.name()))
            .as("only the keys service writes the key pair; %s mounts it read-only", service.name()).isTrue();
      }
    }
  }

  @Test
  void onlyTheGatewayAndTheObservabilityUisArePublished() {
    Map<String, Service> services = compose.services();
    services.values().stream().filter(service -> !service.ports().isEmpty())
        .forEach(service -> assertThat(service.name()).isIn("gateway", "prometheus", "grafana", "jaeger"));
    String gatewayPort = services.get("gateway").environment().get("HTTP_PORT");
    assertThat(services.get("gateway").ports()).containsExactly("8080:" + gatewayPort);
    assertThat(services.get("prometheus").ports()).containsExactly("9090:9090");
    assertThat(services.get("grafana").ports()).containsExactly("3000:3000");
    assertThat(services.get("jaeger").ports()).as("its UI only; OTLP stays on the compose network")
        .containsExactly(JAEGER_UI + ":" + JAEGER_UI);
  }

  @Test
  void operationsListenOnAManagementPortThatIsNeverPublished() {
    Set<String> managementPorts = new HashSet<>();
    for (Service service : compose.serviceNodes()) {
      Map<String, String> env = service.environment();
      // All interfaces: Prometheus comes over the compose network. A fixed port: prometheus.yml names it.
      assertThat(env).as(service.name()).containsEntry("MANAGEMENT_HOST", "0.0.0.0").containsKey("MANAGEMENT_PORT");
      String port = env.get("MANAGEMENT_PORT");
      assertThat(Integer.parseInt(port)).as("MANAGEMENT_PORT of %s", service.name()).isBetween(1, 65535)
          .isNotEqualTo(Integer.parseInt(env.get("HTTP_PORT"))).isNotEqualTo(Integer.parseInt(env.get("CLUSTER_PORT")));
      assertThat(service.raw()).as(service.name()).doesNotContainKey("network_mode");
      managementPorts.add(port);
    }
    for (Service service : compose.services().values()) {
      for (String published : service.ports()) {
        String container = published.substring(published.lastIndexOf(':') + 1).replaceFirst("/.*", "");
        assertThat(managementPorts).as("%s publishes %s", service.name(), published).doesNotContain(container);
      }
    }
    // The image: its port documented, on loopback unless told otherwise, its HEALTHCHECK on the public port.
    assertThat(managementPorts).as("the image's management port in every container")
        .containsExactly(ComposeFile.dockerfileEnv("MANAGEMENT_PORT"));
    Matcher expose = Pattern.compile("(?m)^EXPOSE ([\\d ]+)$").matcher(dockerfile());
    assertThat(expose.find()).as("infra/Dockerfile has an EXPOSE").isTrue();
    assertThat(expose.group(1).split(" ")).contains(ComposeFile.dockerfileEnv("MANAGEMENT_PORT"), "8080");
    assertThat(dockerfile()).doesNotContain("MANAGEMENT_HOST=");
    assertThat(read(ComposeFile.INFRA.resolve("docker/healthcheck.sh")))
        .contains("/dev/tcp/127.0.0.1/${HTTP_PORT:-8080}").contains("GET /health/ready ");
  }

  @Test
  @SuppressWarnings("unchecked")
  void prometheusScrapesEveryReplicaOfEveryServiceOnItsManagementPort() {
    assertThat((List<String>) compose.service("prometheus").raw().get("volumes"))
        .contains("./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
    List<ScrapeJob> jobs = ScrapeJob.load();
    for (Service service : compose.serviceNodes()) {
      ScrapeJob job = ScrapeJob.named(service.name());
      assertThat(job.metricsPath()).isEqualTo("/metrics");
      assertThat(job.services()).as(service.name()).containsExactly(service.name());
      assertThat(String.valueOf(job.port())).as("port job %s scrapes", job.name())
          .isEqualTo(service.environment().get("MANAGEMENT_PORT"))
          .isNotEqualTo(service.environment().get("HTTP_PORT"));
    }
    assertThat(jobs).extracting(ScrapeJob::name).doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(compose.serviceNodes().stream().map(Service::name).toList());
    // The dashboard queries the gateway's upstream instance as "upstream" (ComposeTopologyIT relies on it too).
    assertThat((List<Map<String, Object>>) ScrapeJob.named("gateway").raw().get("metric_relabel_configs"))
        .anySatisfy(rule -> assertThat(rule).containsEntry("source_labels", List.of("exported_instance"))
            .containsEntry("target_label", "upstream"))
        .anySatisfy(rule -> assertThat(rule).containsEntry("regex", "exported_instance")
            .containsEntry("action", "labeldrop"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void grafanaIsProvisionedWithThePrometheusDatasourceAndTheDashboard() throws IOException {
    Service grafana = compose.service("grafana");
    assertThat((List<String>) grafana.raw().get("volumes")).containsExactlyInAnyOrder(
        "./grafana/provisioning:/etc/grafana/provisioning:ro", "./grafana/dashboards:/var/lib/grafana/dashboards:ro");
    Path provisioning = ComposeFile.INFRA.resolve("grafana/provisioning");
    Map<String, Object> datasource = ((List<Map<String, Object>>) ComposeFile.yaml(
        provisioning.resolve("datasources/prometheus.yml")).get("datasources")).get(0);
    assertThat(datasource).containsEntry("type", "prometheus").containsEntry("url", "http://prometheus:9090");
    Map<String, Object> provider = ((List<Map<String, Object>>) ComposeFile.yaml(
        provisioning.resolve("dashboards/vxplatform.yml")).get("providers")).get(0);
    assertThat(ComposeFile.map(provider, "options")).containsEntry("path", "/var/lib/grafana/dashboards");

    String home = grafana.environment().get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
    Path dashboardFile = ComposeFile.INFRA.resolve("grafana/dashboards")
        .resolve(Path.of(home).getFileName().toString());
    JsonObject dashboard = new JsonObject(Files.readString(dashboardFile));
    assertThat(dashboard.getString("uid")).isNotBlank();
    Set<Integer> ids = new HashSet<>();
    for (Object item : dashboard.getJsonArray("panels")) {
      JsonObject panel = (JsonObject) item;
      assertThat(ids.add(panel.getInteger("id"))).as("panel id %s is unique", panel.getInteger("id")).isTrue();
      assertThat(panel.getJsonObject("datasource").getString("uid")).isEqualTo(datasource.get("uid"));
      assertThat(panel.getJsonArray("targets")).as(panel.getString("title")).isNotEmpty()
          .allSatisfy(target -> assertThat(((JsonObject) target).getString("expr")).isNotBlank());
    }
    List<String> titles = dashboard.getJsonArray("panels").stream()
        .map(panel -> ((JsonObject) panel).getString("title")).toList();
    assertThat(titles).contains("Requests/s by route and instance", "Latency p50 / p99 by route", "Errors/s (5xx)",
        "Circuit breakers", "Cluster members scraped", "Stock reservations/s");
  }

  private static String dockerfile() {
    return read(ComposeFile.INFRA.resolve("Dockerfile"));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean runs(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}

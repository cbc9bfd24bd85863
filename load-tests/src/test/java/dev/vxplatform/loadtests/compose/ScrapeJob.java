package dev.vxplatform.loadtests.compose;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One job of {@code infra/prometheus/prometheus.yml} as Prometheus reads it: the compose services its DNS service
 * discovery names (each resolves to all its replicas), the container port it scrapes them on, and the path.
 *
 * @param raw the job as written, for what the fields leave out (relabelling)
 */
record ScrapeJob(String name, List<String> services, int port, String metricsPath, Map<String, Object> raw) {

  static final Path FILE = ComposeFile.INFRA.resolve("prometheus/prometheus.yml");

  @SuppressWarnings("unchecked")
  static List<ScrapeJob> load() {
    List<Map<String, Object>> jobs = (List<Map<String, Object>>) ComposeFile.yaml(FILE).get("scrape_configs");
    return jobs.stream().map(job -> {
      List<Map<String, Object>> dns = (List<Map<String, Object>>) job.get("dns_sd_configs");
      if (dns == null || dns.size() != 1) {
        throw new AssertionError("job " + job.get("job_name") + ": expected one dns_sd_configs entry in " + FILE);
      }
      return new ScrapeJob(String.valueOf(job.get("job_name")), (List<String>) dns.get(0).get("names"),
          Integer.parseInt(String.valueOf(dns.get(0).get("port"))),
          String.valueOf(job.getOrDefault("metrics_path", "/metrics")), job);
    }).toList();
  }

  static ScrapeJob named(String name) {
    return load().stream().filter(job -> job.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no scrape job '" + name + "' in " + FILE));
  }
}

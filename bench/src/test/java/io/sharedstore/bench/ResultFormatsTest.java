package io.sharedstore.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import javax.xml.parsers.DocumentBuilderFactory;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The client's histogram line, redis-benchmark's CSV and the SVG chart. */
class ResultFormatsTest {

  @Test
  void histogramsSurviveTheResultLine() {
    Histogram histogram = new Histogram(3);
    for (long nanos = 1_000; nanos < 5_000_000; nanos += 997) {
      histogram.recordValue(nanos);
    }
    Histogram decoded = ClientProtocol.decode(ClientProtocol.encode(histogram));
    assertEquals(histogram.getTotalCount(), decoded.getTotalCount());
    assertEquals(histogram.getValueAtPercentile(99), decoded.getValueAtPercentile(99));
    assertEquals(histogram.getMaxValue(), decoded.getMaxValue());
  }

  @Test
  void redisBenchmarkCsvInMicroseconds() {
    String csv = "\"test\",\"rps\",\"avg_latency_ms\",\"min_latency_ms\",\"p50_latency_ms\","
        + "\"p95_latency_ms\",\"p99_latency_ms\",\"max_latency_ms\"\n"
        + "\"SET\",\"134228.19\",\"0.024\",\"0.008\",\"0.023\",\"0.039\",\"0.055\",\"0.247\"\n"
        + "\"GET\",\"100000.00\",\"0.024\",\"0.008\",\"0.031\",\"0.039\",\"0.063\",\"1.047\"\n";
    Map<String, RedisBenchmark.Figures> figures = RedisBenchmark.parse(csv);
    assertEquals(100_000, figures.get("GET").opsPerSecond(), 1e-6);
    assertEquals(31, figures.get("GET").p50Micros(), 1e-6);
    assertEquals(63, figures.get("GET").p99Micros(), 1e-6);
    RedisBenchmark.Run run = new RedisBenchmark.Run(1, 50, 1000, "redis-benchmark", figures, 1, 1);
    // 80 % at 100k/s and 20 % at 134k/s: 1 / (0.8/100000 + 0.2/134228.19)
    assertEquals(105_374, run.mixOpsPerSecond(OperationMix.parse("get:80,set:20")), 1);
  }

  @Test
  void chartIsWellFormedSvg() throws Exception {
    OperationStats all = new OperationStats("all", 1000, 0, 100, 150, 300, 900, 2000, 5000);
    List<ConfigurationResult> results = List.of(
        configuration(1, all), configuration(50, all), configuration(600, all));
    String svg = SvgChart.render("bin/shared-store bench <&>",
        BenchOptions.parse(new String[0]), results);
    DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertTrue(svg.contains("Throughput"), "several configurations: throughput panel");
  }

  private static ConfigurationResult configuration(int outstanding, OperationStats all) {
    return new ConfigurationResult(outstanding, "chained", 1, 10, List.of(all, all), List.of(),
        OptionalDouble.empty(), OptionalDouble.empty(), "0 0 0", "0 0 0", List.of(100L),
        WarmupCurve.of(List.of(50L), List.of(100L)), List.of());
  }
}

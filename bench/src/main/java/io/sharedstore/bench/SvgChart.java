package io.sharedstore.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * The chart of a bench run as SVG: latency percentiles (p50, p90, p99, p99.9, max; log scale) per
 * configuration, with Redis's get p50 and p99 beside them when compared; and, when the run had
 * several {@code --outstanding} values, throughput against outstanding operations.
 */
final class SvgChart {

  private static final String[] COLOURS =
      {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"};
  private static final String[] PERCENTILES = {"p50", "p90", "p99", "p99.9", "max"};
  private static final int WIDTH = 1000;
  private static final int PANEL_HEIGHT = 340;
  private static final int LEFT = 80;
  private static final int RIGHT = 300;
  private static final int TOP = 60;

  private SvgChart() {}

  static String render(String command, BenchOptions options, List<ConfigurationResult> results) {
    boolean throughputPanel = results.size() > 1;
    int height = TOP + PANEL_HEIGHT + 40 + (throughputPanel ? PANEL_HEIGHT + 60 : 0);
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
            + " font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, height, WIDTH, height));
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    text(svg, LEFT, 22, "Shared Store bench: " + options.mix() + ", " + options.valueSize()
        + "-byte values, " + options.keys() + " keys, " + options.seconds() + " s per run", 15,
        "start");
    text(svg, LEFT, 40, command, 11, "start");
    latencyPanel(svg, results, TOP);
    if (throughputPanel) {
      throughputPanel(svg, results, options, TOP + PANEL_HEIGHT + 60);
    }
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static void latencyPanel(StringBuilder svg, List<ConfigurationResult> results, int top) {
    int plotWidth = WIDTH - LEFT - RIGHT;
    int plotHeight = PANEL_HEIGHT - 50;
    double min = Double.MAX_VALUE;
    double max = 0;
    for (ConfigurationResult result : results) {
      for (double value : percentiles(result.all())) {
        min = Math.min(min, value);
        max = Math.max(max, value);
      }
      if (!result.redis().isEmpty()) {
        RedisBenchmark.Figures get = redisFigures(result);
        if (get != null) {
          min = Math.min(min, get.p50Micros());
          max = Math.max(max, get.p99Micros());
        }
      }
    }
    double low = Math.pow(10, Math.floor(Math.log10(Math.max(1, min))));
    double high = Math.pow(10, Math.ceil(Math.log10(Math.max(low * 10, max))));
    DoubleUnaryOperator y = v -> top + 20 + plotHeight
        - plotHeight * (Math.log10(Math.max(v, low)) - Math.log10(low))
            / (Math.log10(high) - Math.log10(low));
    DoubleUnaryOperator x = i -> LEFT + 30 + i * (plotWidth - 60) / (PERCENTILES.length - 1);
    text(svg, LEFT, top + 10, "Latency percentiles, all operations (µs, log scale)", 13, "start");
    axes(svg, top + 20, plotWidth, plotHeight);
    for (double tick = low; tick <= high * 1.001; tick *= 10) {
      double ty = y.applyAsDouble(tick);
      gridLine(svg, ty, plotWidth);
      text(svg, LEFT - 6, ty + 4, String.format(Locale.ROOT, "%,.0f", tick), 11, "end");
    }
    for (int i = 0; i < PERCENTILES.length; i++) {
      text(svg, x.applyAsDouble(i), top + 20 + plotHeight + 18, PERCENTILES[i], 11, "middle");
    }
    int legend = 0;
    for (int c = 0; c < results.size(); c++) {
      ConfigurationResult result = results.get(c);
      String colour = COLOURS[c % COLOURS.length];
      double[] values = percentiles(result.all());
      List<double[]> points = new ArrayList<>();
      for (int i = 0; i < values.length; i++) {
        points.add(new double[] {x.applyAsDouble(i), y.applyAsDouble(values[i])});
      }
      polyline(svg, points, colour, false);
      legend(svg, legend++, top + 20, colour, false,
          result.outstanding() + " outstanding: p50 " + Report.micros(values[0]) + ", p99 "
              + Report.micros(values[2]) + " µs");
      RedisBenchmark.Figures get = redisFigures(result);
      if (get != null) {
        polyline(svg, List.of(
            new double[] {x.applyAsDouble(0), y.applyAsDouble(get.p50Micros())},
            new double[] {x.applyAsDouble(2), y.applyAsDouble(get.p99Micros())}), colour, true);
        legend(svg, legend++, top + 20, colour, true,
            "Redis get -c " + result.outstanding() + ": p50 " + Report.micros(get.p50Micros())
                + ", p99 " + Report.micros(get.p99Micros()) + " µs");
      }
    }
  }

  private static void throughputPanel(StringBuilder svg, List<ConfigurationResult> results,
      BenchOptions options, int top) {
    int plotWidth = WIDTH - LEFT - RIGHT;
    int plotHeight = PANEL_HEIGHT - 50;
    boolean redis = results.stream().anyMatch(r -> !r.redis().isEmpty());
    double max = 0;
    for (ConfigurationResult result : results) {
      max = Math.max(max, result.all().opsPerSecond());
      for (RedisBenchmark.Run run : result.redis()) {
        max = Math.max(max, run.mixOpsPerSecond(options.mix()));
      }
    }
    double step = niceStep(max / 5);
    double high = Math.max(step, Math.ceil(max / step) * step);
    DoubleUnaryOperator y = v -> top + 20 + plotHeight - plotHeight * v / high;
    DoubleUnaryOperator x = i -> LEFT + 30 + i * (plotWidth - 60) / Math.max(1, results.size() - 1);
    text(svg, LEFT, top + 10, "Throughput (ops/s) against outstanding operations", 13, "start");
    axes(svg, top + 20, plotWidth, plotHeight);
    for (double tick = 0; tick <= high * 1.001; tick += step) {
      double ty = y.applyAsDouble(tick);
      gridLine(svg, ty, plotWidth);
      text(svg, LEFT - 6, ty + 4, String.format(Locale.ROOT, "%,.0f", tick), 11, "end");
    }
    List<double[]> ours = new ArrayList<>();
    List<double[]> plain = new ArrayList<>();
    List<double[]> pipelined = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      ConfigurationResult result = results.get(i);
      double px = x.applyAsDouble(i);
      String label = options.callers().size() > 1
          ? result.outstanding() + " " + result.callers()
          : Integer.toString(result.outstanding());
      text(svg, px, top + 20 + plotHeight + 18, label, 11, "middle");
      ours.add(new double[] {px, y.applyAsDouble(result.all().opsPerSecond())});
      if (result.redis().size() == 2) {
        plain.add(new double[] {px, y.applyAsDouble(
            result.redis().get(0).mixOpsPerSecond(options.mix()))});
        pipelined.add(new double[] {px, y.applyAsDouble(
            result.redis().get(1).mixOpsPerSecond(options.mix()))});
      }
    }
    polyline(svg, ours, COLOURS[0], false);
    legend(svg, 0, top + 20, COLOURS[0], false, "Shared Store");
    if (redis) {
      polyline(svg, plain, COLOURS[1], true);
      legend(svg, 1, top + 20, COLOURS[1], true, "Redis, -c = outstanding");
      polyline(svg, pipelined, COLOURS[2], true);
      legend(svg, 2, top + 20, COLOURS[2], true, "Redis, -P 16");
    }
  }

  private static double[] percentiles(OperationStats stats) {
    return new double[] {stats.p50Micros(), stats.p90Micros(), stats.p99Micros(),
        stats.p999Micros(), stats.maxMicros()};
  }

  /** Redis's get figures without pipelining, if compared. */
  private static RedisBenchmark.Figures redisFigures(ConfigurationResult result) {
    return result.redis().isEmpty() ? null
        : result.redis().get(0).tests().get(Operation.GET.redisTest());
  }

  private static double niceStep(double rough) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(1, rough))));
    for (double factor : new double[] {1, 2, 5, 10}) {
      if (magnitude * factor >= rough) {
        return magnitude * factor;
      }
    }
    return magnitude * 10;
  }

  private static void axes(StringBuilder svg, int top, int width, int height) {
    svg.append(String.format(Locale.ROOT,
        "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>%n",
        LEFT, top, width, height));
  }

  private static void gridLine(StringBuilder svg, double y, int width) {
    svg.append(String.format(Locale.ROOT,
        "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
        LEFT, y, LEFT + width, y));
  }

  private static void polyline(StringBuilder svg, List<double[]> points, String colour,
      boolean dashed) {
    if (points.isEmpty()) {
      return;
    }
    StringBuilder coordinates = new StringBuilder();
    for (double[] point : points) {
      coordinates.append(String.format(Locale.ROOT, "%.1f,%.1f ", point[0], point[1]));
    }
    svg.append(String.format(Locale.ROOT,
        "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
        coordinates.toString().trim(), colour, dashed ? " stroke-dasharray=\"6,4\"" : ""));
    for (double[] point : points) {
      svg.append(String.format(Locale.ROOT,
          "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", point[0], point[1], colour));
    }
  }

  private static void legend(StringBuilder svg, int index, int top, String colour,
      boolean dashed, String label) {
    int lx = WIDTH - RIGHT + 15;
    int ly = top + 10 + index * 18;
    svg.append(String.format(Locale.ROOT,
        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
        lx, ly, lx + 20, ly, colour, dashed ? " stroke-dasharray=\"6,4\"" : ""));
    text(svg, lx + 26, ly + 4, label, 11, "start");
  }

  private static void text(StringBuilder svg, double x, double y, String text, int size,
      String anchor) {
    svg.append(String.format(Locale.ROOT,
        "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\">%s</text>%n", x, y, size,
        anchor, escape(text)));
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}

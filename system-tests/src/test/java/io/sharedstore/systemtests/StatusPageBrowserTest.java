package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.StoreClient;
import io.sharedstore.cluster.StoreInfo;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The status page in a real browser, headless Chromium, against a manager JVM under a load of
 * two clients: the page renders, its charts have points, and once the load has stopped the key
 * count and client count it shows are what {@code info} says. Skipped, with a message, where
 * Chromium is not installed ({@code .ci/run} installs Debian's {@code chromium}).
 */
class StatusPageBrowserTest {

  private static final Duration CALL = Duration.ofSeconds(20);
  private static final Duration BROWSER_TIMEOUT = Duration.ofSeconds(90);

  @Test
  void thePageShowsWhatInfoSaysAndChartsTheLoad() throws Exception {
    Optional<Path> chromium = chromium();
    Assumptions.assumeTrue(chromium.isPresent(),
        "chromium is not installed (apt-get install chromium): the status page is not tested in"
            + " a browser here");
    try (MetricsManager manager = MetricsManager.start("status page manager", List.of());
        ClusterClient writer = ClusterClient.connect(4, manager.address());
        ClusterClient reader = ClusterClient.connect(5, manager.address())) {
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong written = new AtomicLong();
      AtomicReference<Throwable> failed = new AtomicReference<>();
      Thread load = new Thread(() -> {
        try {
          StoreClient w = writer.store();
          StoreClient r = reader.store();
          for (long i = 0; !stop.get(); i++) {
            w.set("page-" + i, i).toCompletableFuture().get(20, TimeUnit.SECONDS);
            r.get("page-" + i, Long.class).toCompletableFuture().get(20, TimeUnit.SECONDS);
            written.set(i + 1);
          }
        } catch (Exception e) {
          failed.set(e);
        }
      }, "status page load");
      load.start();
      String underLoad;
      try {
        // A few seconds of load, so that the timeline has points with operations.
        assertTrue(Poll.until(Duration.ofSeconds(60), () -> written.get() >= 200).isPresent(),
            "the load did not run");
        Thread.sleep(2000);
        underLoad = dumpDom(chromium.get(), manager.url());
      } finally {
        stop.set(true);
        load.join(TimeUnit.SECONDS.toMillis(30));
      }
      assertEquals(null, failed.get(), "the load failed");
      assertEquals("true", attribute(underLoad, "body", null, "data-loaded"), underLoad);
      assertTrue(points(underLoad, "chart-ops") > 0, "no ops points under load");

      // The load stopped: wait until info is stable (keys written, both clients present).
      StoreClient store = writer.store();
      AtomicReference<StoreInfo> info = new AtomicReference<>();
      assertTrue(Poll.until(Duration.ofSeconds(30), () -> {
        info.set(store.info().toCompletableFuture().join());
        return info.get().keyspace().keys() == written.get()
            && info.get().clients().connectedClients() == 2;
      }).isPresent(), "info not stable: " + info.get());

      String page = dumpDom(chromium.get(), manager.url());
      StoreInfo now = store.info().toCompletableFuture().get(CALL.toSeconds(), TimeUnit.SECONDS);
      assertEquals(info.get().keyspace().keys(), now.keyspace().keys(), "the keys moved");
      assertEquals(now.keyspace().keys(), number(text(page, "keys")), page);
      assertEquals(now.clients().connectedClients(), number(text(page, "clients-count")), page);
      assertEquals(now.clients().clients().size(), count(page, "<tr class=\"client\">"), page);
      for (String chart : new String[] {"chart-ops", "chart-p99", "chart-keys"}) {
        assertTrue(points(page, chart) > 0, chart + " has no points");
      }
      assertTrue(page.contains("cluster") || page.contains(">4<") || page.contains(">5<"), page);
    }
  }

  /** Chromium, as Debian installs it, or on the PATH. */
  private static Optional<Path> chromium() {
    List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/bin/chromium")));
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        candidates.add(Path.of(dir, "chromium"));
        candidates.add(Path.of(dir, "chromium-browser"));
      }
    }
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }

  /** The page's DOM after its scripts ran (a few refreshes of virtual time). */
  private static String dumpDom(Path chromium, String url) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("status-page-chromium");
    try {
      Process browser = new ProcessBuilder(
              chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
              "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile,
              "--virtual-time-budget=3000", "--dump-dom", url)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      byte[] out;
      try {
        out = browser.getInputStream().readAllBytes();
        if (!browser.waitFor(BROWSER_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
          throw new AssertionError("chromium did not finish within " + BROWSER_TIMEOUT);
        }
      } finally {
        browser.destroyForcibly();
      }
      String dom = new String(out, StandardCharsets.UTF_8);
      assertTrue(dom.contains("id=\"keys\""), "chromium dumped no page: " + dom);
      return dom;
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** The text of the element with this id. */
  private static String text(String dom, String id) {
    Matcher m = Pattern.compile("<[a-z]+[^>]*\\bid=\"" + Pattern.quote(id) + "\"[^>]*>([^<]*)<")
        .matcher(dom);
    assertTrue(m.find(), "no element " + id);
    return m.group(1);
  }

  private static long number(String shown) {
    return Long.parseLong(shown.replace(",", "").trim());
  }

  private static long points(String dom, String chartId) {
    return Long.parseLong(attribute(dom, "svg", chartId, "data-points"));
  }

  /** An attribute of the first {@code tag} (with this id, if not null). */
  private static String attribute(String dom, String tag, String id, String attribute) {
    Matcher element = Pattern.compile("<" + tag + "\\b[^>]*>").matcher(dom);
    while (element.find()) {
      String open = element.group();
      if (id == null || open.contains("id=\"" + id + "\"")) {
        Matcher value = Pattern.compile("\\b" + Pattern.quote(attribute) + "=\"([^\"]*)\"")
            .matcher(open);
        return value.find() ? value.group(1) : "";
      }
    }
    throw new AssertionError("no <" + tag + "> " + (id == null ? "" : id));
  }

  private static int count(String dom, String fragment) {
    int n = 0;
    for (int i = dom.indexOf(fragment); i >= 0; i = dom.indexOf(fragment, i + 1)) {
      n++;
    }
    return n;
  }
}

package io.sharedstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.StoreClient;
import io.sharedstore.testsupport.HeapSampler;
import io.sharedstore.testsupport.JvmProcess;
import io.sharedstore.testsupport.ManagerProcess;
import io.sharedstore.testsupport.ProjectLayout;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code cli scan} over 100,000 keys streams: the CLI, in a JVM of its own, holds about one page
 * at a time. The test reads the CLI's output itself and stops reading halfway, so the CLI blocks
 * on its full pipe with half the keys printed; its live heap then (after a full collection) is
 * compared with its heap after the first page. A CLI that gathered the keys before printing, or
 * kept what it printed, would hold at least half of the 100,000 long keys (about 10 MB) there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliScanHeapTest {

  private static final int KEYS = 100_000;
  private static final int PAGE = 1_000;
  /** Keys of about 120 bytes: 100,000 of them take about 17 MB of strings on the heap. */
  private static final String PADDING = "x".repeat(100);
  /** What holding half the keys would add, at the least: 50,000 × (120 + 40) bytes. */
  private static final long HALF_THE_KEYS_KIB = 50_000L * 160 / 1024;
  private static final Duration WAIT = Duration.ofSeconds(60);

  private ManagerProcess manager;
  private ClusterClient client;

  @BeforeAll
  void startManagerWithKeys() throws Exception {
    manager = ManagerProcess.start(ProjectLayout.locate(), 0, JvmProcess.javaOptsFromEnvironment(),
        line -> System.out.println("[manager] " + line));
    client = ClusterClient.connect(1, manager.address());
    client.awaitReachable(WAIT);
    StoreClient store = client.store();
    for (int batch = 0; batch < KEYS / PAGE; batch++) {
      Map<String, Object> entries = new LinkedHashMap<>();
      for (int i = 0; i < PAGE; i++) {
        entries.put(key(batch * PAGE + i), 1);
      }
      store.setAll(entries).toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
    assertEquals(KEYS, store.size().toCompletableFuture().get(60, TimeUnit.SECONDS));
  }

  @AfterAll
  void stop() {
    try {
      if (client != null) {
        client.close();
      }
    } finally {
      if (manager != null) {
        manager.close();
      }
    }
  }

  private static String key(int i) {
    return "heap:" + PADDING + ":" + i;
  }

  @Test
  void scanOfAHundredThousandKeysHoldsAboutOnePage() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Cli.class.getName());
    command.addAll(List.of("--manager", manager.address(), "scan", "heap:*", "--count",
        String.valueOf(PAGE)));
    Process cli = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8))) {
      HeapSampler heap = new HeapSampler(cli.pid());
      Set<String> seen = new HashSet<>();
      long afterFirstPageKib = -1;
      long halfwayKib = -1;
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("heap:")) {
          assertTrue(seen.add(line), "a key printed twice: " + line);
        }
        if (seen.size() == PAGE && afterFirstPageKib < 0) {
          afterFirstPageKib = heap.usedAfterGcKib();
        }
        if (seen.size() == KEYS / 2 && halfwayKib < 0) {
          halfwayKib = heap.usedAfterGcKib(); // the CLI waits on its pipe meanwhile
        }
      }
      assertTrue(cli.waitFor(60, TimeUnit.SECONDS), "the CLI exits once every page is printed");
      assertEquals(0, cli.exitValue());
      assertEquals(KEYS, seen.size(), "every key printed once");
      System.out.printf("cli scan of %,d keys: live heap %,d KiB after the first page, %,d KiB"
          + " halfway (half the keys would be %,d KiB more)%n", KEYS, afterFirstPageKib,
          halfwayKib, HALF_THE_KEYS_KIB);
      assertTrue(halfwayKib - afterFirstPageKib < HALF_THE_KEYS_KIB / 3,
          "the CLI's live heap grew by " + (halfwayKib - afterFirstPageKib)
              + " KiB between the first page and half the keys: it holds what it printed");
    } finally {
      cli.destroyForcibly();
      cli.waitFor(30, TimeUnit.SECONDS);
    }
  }
}

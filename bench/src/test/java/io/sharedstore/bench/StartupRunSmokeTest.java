package io.sharedstore.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/shared-store startup-run end to end with 2,000 keys: manager JVMs with persistence, filled,
 * stopped and started again; with --compare-redis where redis-server and redis-cli are installed
 * (without it otherwise). Checks that the run saw its data come back and wrote its results; no
 * figure is judged here (performance lives in the benchmark's own runs).
 */
class StartupRunSmokeTest {

  private static final int KEYS = 2_000;

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void fillsRestartsAndReports(@TempDir Path out, @TempDir Path data) throws IOException {
    boolean redis = RedisStartup.missing().isEmpty();
    List<String> args = new ArrayList<>(List.of("--keys", Integer.toString(KEYS),
        "--out", out.toString(), "--data-dir", data.toString()));
    if (redis) {
      args.add("--compare-redis");
    } else {
      System.out.println("redis-server or redis-cli missing: the smoke run skips --compare-redis");
    }
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    int status = StartupRun.run(args.toArray(String[]::new),
        new PrintStream(printed, true, StandardCharsets.UTF_8));

    String text = printed.toString(StandardCharsets.UTF_8);
    assertEquals(0, status, text);
    List<Path> files;
    try (Stream<Path> listed = Files.list(out)) {
      files = listed.sorted().toList();
    }
    assertEquals(2, files.size(), files.toString());
    assertTrue(files.get(1).toString().endsWith(".md"), files.toString());
    JsonNode json = new ObjectMapper().readTree(files.get(0).toFile());

    JsonNode ours = json.get("sharedStore");
    assertEquals(KEYS, ours.get("keysAfterRestart").asLong(), text);
    long bytes = ours.get("directoryAfterStop").get("totalBytes").asLong();
    assertTrue(bytes > KEYS * 100L, "every value's 100 bytes are on disk: " + bytes);
    assertTrue(ours.get("launchToFirstGetMillis").asLong()
        >= ours.get("launchToListeningMillis").asLong(), text);
    boolean listening = false;
    for (JsonNode line : ours.get("startLog")) {
      listening |= line.get("message").asText().contains("listening on");
    }
    assertTrue(listening, "the manager's start-up lines are reported: " + ours.get("startLog"));
    if (redis) {
      JsonNode r = json.get("redis");
      assertEquals(KEYS, r.get("keysAfterRestart").asLong(), text);
      assertTrue(r.get("rdbBytes").asLong() > KEYS * 100L, text);
      assertTrue(json.get("ratiosSharedStoreToRedis").get("diskToRdb").asDouble() > 0, text);
    } else {
      assertTrue(json.get("redis").isNull(), text);
    }
    try (Stream<Path> left = Files.list(data)) {
      assertEquals(List.of(), left.toList(), "the run deletes its data directories");
    }
  }
}

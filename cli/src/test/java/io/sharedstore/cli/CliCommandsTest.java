package io.sharedstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.SetOptions;
import io.sharedstore.cluster.StoreClient;
import io.sharedstore.cluster.Ttl;
import io.sharedstore.testsupport.JvmProcess;
import io.sharedstore.testsupport.ManagerProcess;
import io.sharedstore.testsupport.ProjectLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every data command of the CLI, plain and with {@code --json}, end to end against a real
 * manager JVM; a Java client in this JVM prepares and checks what the CLI wrote. Each test uses
 * keys of its own prefix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliCommandsTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A value as a Java application stores it. */
  public record Player(String name, int level, List<String> tags) {}

  private ManagerProcess manager;
  private ClusterClient client;
  private StoreClient store;

  @BeforeAll
  void startManager() throws Exception {
    manager =
        ManagerProcess.start(
            ProjectLayout.locate(), 0, JvmProcess.javaOptsFromEnvironment(),
            line -> System.out.println("[manager] " + line));
    client = ClusterClient.connect(1, manager.address());
    client.awaitReachable(WAIT);
    store = client.store();
  }

  @AfterAll
  void stopManager() {
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

  // ---- get and set ------------------------------------------------------------------------

  @Test
  void getOfAMissingKeyPrintsNilAndExits0() {
    assertEquals("(nil)", ok("get", "get:missing").line());
    assertEquals(
        json("{\"key\":\"get:missing\",\"value\":null}"), doc(ok("--json", "get", "get:missing")));
  }

  @Test
  void setStoresJsonThatGetPrints() {
    assertEquals("OK", ok("set", "set:a", "{\"b\":[true,\"x\",1.5],\"a\":null}").line());
    assertEquals(json("{\"b\":[true,\"x\",1.5],\"a\":null}"), json(ok("get", "set:a").line()));
    assertEquals(
        json("{\"key\":\"set:b\",\"set\":true}"), doc(ok("--json", "set", "set:b", "\"text\"")));
    assertEquals(
        json("{\"key\":\"set:b\",\"value\":\"text\"}"), doc(ok("--json", "get", "set:b")));
    assertEquals(Optional.of("text"), await(store.get("set:b", String.class)));
  }

  @Test
  void aRecordWrittenByAJavaClientIsShownAsJson() {
    await(store.set("record:java", new Player("ann", 3, List.of("a", "b"))));
    assertEquals(
        json("{\"name\":\"ann\",\"level\":3,\"tags\":[\"a\",\"b\"]}"),
        json(ok("get", "record:java").line()));
    assertEquals(
        json("{\"name\":\"ann\",\"level\":3,\"tags\":[\"a\",\"b\"]}"),
        doc(ok("--json", "get", "record:java")).get("value"));
  }

  @Test
  void aValueWrittenByTheCliIsReadByAJavaClientWithItsType() {
    ok("set", "record:cli", "{\"name\":\"bob\",\"level\":7,\"tags\":[\"x\"]}");
    assertEquals(
        Optional.of(new Player("bob", 7, List.of("x"))),
        await(store.get("record:cli", Player.class)));
    ok("set", "record:number", "42");
    assertEquals(Optional.of(42L), await(store.get("record:number", Long.class)));
  }

  @Test
  void setNxWritesOnlyAnAbsentKey() {
    assertEquals("OK", ok("set", "nx:a", "1", "--nx").line());
    assertEquals("(nil)", ok("set", "nx:a", "2", "--nx").line());
    assertEquals(
        json("{\"key\":\"nx:a\",\"set\":false}"), doc(ok("--json", "set", "nx:a", "3", "--nx")));
    assertEquals(Optional.of(1L), await(store.get("nx:a", Long.class)));
  }

  @Test
  void setWithTtlGivesTheKeyThatTtl() {
    ok("set", "ttl:set", "1", "--ttl", "30s");
    Ttl ttl = await(store.ttl("ttl:set"));
    assertTrue(ttl.exists());
    long left = ttl.remaining().orElseThrow().toMillis();
    assertTrue(left > 0 && left <= 30_000, "left " + left);
  }

  @Test
  void setRefusesATtlUnderAMillisecondWithExit2() {
    CliRun run = CliRun.of("--manager", manager.address(), "set", "ttl:zero", "1", "--ttl", "0s");
    assertEquals(2, run.exitCode(), run.toString());
    assertTrue(run.err().contains("ttl must be positive"), run.err());
    assertFalse(await(store.has("ttl:zero")));
  }

  // ---- ttl, expire, persist ---------------------------------------------------------------

  @Test
  void ttlPrintsSecondsLeftMinusOneWithoutExpiryMinusTwoWhenMissing() {
    await(store.set("ttl:a", 1, SetOptions.ttl(Duration.ofSeconds(100))));
    await(store.set("ttl:b", 1));
    long seconds = Long.parseLong(ok("ttl", "ttl:a").line());
    assertTrue(seconds > 90 && seconds <= 100, "seconds " + seconds);
    assertEquals("-1", ok("ttl", "ttl:b").line());
    assertEquals("-2", ok("ttl", "ttl:missing").line());

    JsonNode withTtl = doc(ok("--json", "ttl", "ttl:a"));
    assertTrue(withTtl.get("exists").asBoolean());
    long millis = withTtl.get("ttl_ms").asLong();
    assertTrue(millis > 90_000 && millis <= 100_000, "millis " + millis);
    assertEquals(
        json("{\"key\":\"ttl:b\",\"exists\":true,\"ttl_ms\":null}"),
        doc(ok("--json", "ttl", "ttl:b")));
    assertEquals(
        json("{\"key\":\"ttl:missing\",\"exists\":false,\"ttl_ms\":null}"),
        doc(ok("--json", "ttl", "ttl:missing")));
  }

  @Test
  void expireGivesALiveKeyATtl() {
    await(store.set("expire:a", 1));
    assertEquals("1", ok("expire", "expire:a", "30s").line());
    long left = await(store.ttl("expire:a")).remaining().orElseThrow().toMillis();
    assertTrue(left > 0 && left <= 30_000, "left " + left);
    assertEquals("0", ok("expire", "expire:missing", "30").line());
    assertEquals(
        json("{\"key\":\"expire:a\",\"applied\":true}"),
        doc(ok("--json", "expire", "expire:a", "2m")));
    assertEquals(
        json("{\"key\":\"expire:missing\",\"applied\":false}"),
        doc(ok("--json", "expire", "expire:missing", "PT1M")));
  }

  @Test
  void persistRemovesATtl() {
    await(store.set("persist:a", 1, SetOptions.ttl(Duration.ofMinutes(5))));
    assertEquals("1", ok("persist", "persist:a").line());
    assertEquals(Optional.empty(), await(store.ttl("persist:a")).remaining());
    assertEquals("0", ok("persist", "persist:a").line());
    await(store.expire("persist:a", Duration.ofMinutes(5)));
    assertEquals(
        json("{\"key\":\"persist:a\",\"applied\":true}"),
        doc(ok("--json", "persist", "persist:a")));
    assertEquals(
        json("{\"key\":\"persist:a\",\"applied\":false}"),
        doc(ok("--json", "persist", "persist:a")));
  }

  // ---- del, exists, incr --------------------------------------------------------------------

  @Test
  void delRemovesTheKeysAndCountsThoseThatExisted() {
    await(store.set("del:a", 1));
    await(store.set("del:b", 2));
    assertEquals("2", ok("del", "del:a", "del:b", "del:c").line());
    assertFalse(await(store.has("del:a")));
    assertFalse(await(store.has("del:b")));
    await(store.set("del:a", 1));
    assertEquals(json("{\"deleted\":1}"), doc(ok("--json", "del", "del:a", "del:c")));
    assertEquals("0", ok("del", "del:a").line());
  }

  @Test
  void existsPrintsOneOrZero() {
    await(store.set("exists:a", 1));
    assertEquals("1", ok("exists", "exists:a").line());
    assertEquals("0", ok("exists", "exists:missing").line());
    assertEquals(
        json("{\"key\":\"exists:a\",\"exists\":true}"), doc(ok("--json", "exists", "exists:a")));
    assertEquals(
        json("{\"key\":\"exists:missing\",\"exists\":false}"),
        doc(ok("--json", "exists", "exists:missing")));
  }

  @Test
  void incrAddsOneOrTheDeltaAndPrintsTheNewValue() {
    assertEquals("1", ok("incr", "incr:a").line());
    assertEquals("6", ok("incr", "incr:a", "5").line());
    assertEquals("-4", ok("incr", "incr:a", "-10").line());
    assertEquals(
        json("{\"key\":\"incr:a\",\"value\":96}"), doc(ok("--json", "incr", "incr:a", "100")));
    assertEquals(Optional.of(96L), await(store.get("incr:a", Long.class)));
  }

  @Test
  void incrOfAStringFailsWithTheStoresMessageAndExit1() {
    await(store.set("incr:text", "hello"));
    CliRun run = CliRun.of("--manager", manager.address(), "incr", "incr:text");
    assertEquals(1, run.exitCode(), run.toString());
    assertEquals("", run.out());
    assertTrue(run.err().contains("increment of key [incr:text] refused"), run.err());
    CliRun asJson = CliRun.of("--json", "--manager", manager.address(), "incr", "incr:text");
    assertEquals(1, asJson.exitCode(), asJson.toString());
    assertTrue(json(asJson.err().strip()).get("error").asText().contains("not an integer"));
    assertEquals(Optional.of("hello"), await(store.get("incr:text", String.class)));
  }

  // ---- keys, scan, size ---------------------------------------------------------------------

  @Test
  void keysPrintsEveryMatchingKeyOnePerLine() {
    await(store.set("keys:b", 1));
    await(store.set("keys:a", 1));
    await(store.set("keys:c", 1));
    await(store.set("other:a", 1));
    assertEquals(List.of("keys:a", "keys:b", "keys:c"), ok("keys", "keys:*").lines());
    List<JsonNode> docs = docs(ok("--json", "keys", "keys:?"));
    assertEquals(
        List.of(json("{\"key\":\"keys:a\"}"), json("{\"key\":\"keys:b\"}"),
            json("{\"key\":\"keys:c\"}")),
        docs);
    assertEquals("(empty array)", ok("keys", "nothing:*").line());
    assertEquals("", ok("--json", "keys", "nothing:*").out());
  }

  @Test
  void scanPrintsEveryOneOf20000KeysOnce() {
    List<String> expected = new ArrayList<>();
    List<CompletionStage<?>> writes = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      String key = String.format("scan:%05d", i);
      expected.add(key);
      writes.add(store.set(key, i));
      if (writes.size() == 500) {
        writes.forEach(this::await);
        writes.clear();
      }
    }
    writes.forEach(this::await);
    assertEquals(expected, ok("scan", "scan:*", "--count", "700").lines());

    List<JsonNode> docs = docs(ok("--json", "scan", "scan:0000?"));
    assertEquals(10, docs.size());
    assertEquals("scan:00000", docs.get(0).get("key").asText());
    assertEquals("(empty array)", ok("scan", "nothing:*").line());
    assertEquals("", ok("--json", "scan", "nothing:*").out());
  }

  @Test
  void sizePrintsTheNumberOfKeys() {
    await(store.set("size:a", 1));
    long size = await(store.size());
    assertEquals(Long.toString(size), ok("size").line());
    assertEquals(json("{\"size\":" + size + "}"), doc(ok("--json", "size")));
  }

  @Test
  void infoPrintsTheManagersSectionsAsRedisDoes() {
    await(store.set("info:a", 1));
    long keys = await(store.info()).keyspace().keys();
    String all = ok("info").out();
    for (String section : List.of("# Server", "# Clients", "# Memory", "# Stats", "# Keyspace")) {
      assertTrue(all.contains(section + System.lineSeparator()), all);
    }
    assertTrue(all.contains("connected_clients:"), all);
    String keyspace = ok("info", "keyspace").out();
    assertTrue(keyspace.startsWith("# Keyspace"), keyspace);
    assertTrue(keyspace.contains("keys:"), keyspace);
    assertFalse(keyspace.contains("# Server"), keyspace);
    var document = doc(ok("--json", "info", "keyspace"));
    assertTrue(document.get("keyspace").get("keys").asLong() >= keys, document.toString());
    assertEquals(2, CliRun.of("--manager", manager.address(), "info", "nosuch").exitCode());
  }

  @Test
  void infoClusterSaysASingleManagerIsNotAStoreCluster() {
    assertEquals("not a store cluster (a single manager)", ok("info", "cluster").line());
    var document = doc(ok("--json", "info", "cluster"));
    assertFalse(document.get("cluster").get("is_cluster").asBoolean(), document.toString());
  }

  @Test
  void watchPrintsEachChangeAsItArrives() throws Exception {
    long from = latestRevision();
    await(store.set("watch:a", java.util.Map.of("n", 1)));
    await(store.delete("watch:a"));
    CliRun run = CliRun.of("--manager", manager.address(), "watch", "watch:*", "--count", "2",
        "--from-revision", Long.toString(from));
    assertEquals(0, run.exitCode(), run.toString());
    List<String> lines = run.out().lines().toList();
    assertTrue(lines.get(0).matches("changed watch:a \\d+ \\{\"n\":1}"), lines.toString());
    assertTrue(lines.get(1).matches("deleted watch:a \\d+"), lines.toString());
    CliRun json = CliRun.of("--manager", manager.address(), "--json", "watch", "watch:*",
        "--count", "1", "--from-revision", Long.toString(from));
    assertEquals("changed", json(json.line()).get("event").asText(), json.toString());
    assertEquals(2, CliRun.of("--manager", manager.address(), "watch", "").exitCode());
  }

  /** The store's latest revision: a write's event revision, taken from a short watch. */
  private long latestRevision() throws Exception {
    var seen = new java.util.concurrent.CompletableFuture<Long>();
    try (var watch = store.watch("latest:*", event -> seen.complete(event.revision()))) {
      await(watch.started());
      await(store.set("latest:x", 1));
      return seen.get(30, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  @Test
  void aTimeoutUnderAMillisecondIsRefusedWithExit2() {
    CliRun run = CliRun.of("--manager", manager.address(), "--timeout", "0ms", "size");
    assertEquals(2, run.exitCode(), run.toString());
    assertTrue(run.err().contains("timeout"), run.err());
  }

  // ---- the prompt -------------------------------------------------------------------------

  @Test
  void withoutACommandItRunsEachInputLineOverOneConnection() {
    String input =
        String.join("\n",
            "set prompt:a 5",
            "incr prompt:a",
            "  get   prompt:a  ",
            "",
            "get \"prompt:missing\"",
            "set prompt:b '{\"a\": \"x y\"}' --ttl 1m",
            "get prompt:b",
            "incr prompt:b",
            "bogus",
            "exists prompt:b",
            "QUIT",
            "del prompt:a")
            + "\n";
    CliRun run = CliRun.withInput(input, "--manager", manager.address());
    assertEquals(0, run.exitCode(), run.toString());
    assertEquals(List.of("OK", "6", "6", "(nil)", "OK", "{\"a\":\"x y\"}", "1"), run.lines());
    assertTrue(run.err().contains("increment of key [prompt:b] refused"), run.err());
    assertTrue(run.err().contains("Unmatched argument at index 2: 'bogus'"), run.err());
    assertTrue(await(store.has("prompt:a")), "the line after QUIT ran");
  }

  @Test
  void thePromptKeepsTheGlobalOptionsForEveryLine() {
    CliRun run =
        CliRun.withInput("set prompt:json 1\nget prompt:json\n", "--json",
            "--manager", manager.address());
    assertEquals(0, run.exitCode(), run.toString());
    assertEquals(
        List.of(json("{\"key\":\"prompt:json\",\"set\":true}"),
            json("{\"key\":\"prompt:json\",\"value\":1}")),
        docs(run));
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** Runs the CLI against the test's manager and checks it exited 0 with nothing on stderr. */
  private CliRun ok(String... args) {
    String[] withManager = new String[args.length + 2];
    int at = 0;
    // Global options come before the command: keep --json (if first) in front.
    while (at < args.length && args[at].startsWith("--")) {
      withManager[at] = args[at];
      at++;
    }
    withManager[at] = "--manager";
    withManager[at + 1] = manager.address();
    System.arraycopy(args, at, withManager, at + 2, args.length - at);
    CliRun run = CliRun.of(withManager);
    assertEquals(0, run.exitCode(), run.toString());
    assertEquals("", run.err(), run.toString());
    return run;
  }

  private static JsonNode doc(CliRun run) {
    return json(run.line());
  }

  private static List<JsonNode> docs(CliRun run) {
    return run.lines().stream().map(CliCommandsTest::json).toList();
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError("not JSON: [" + text + "]", e);
    }
  }

  private <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}

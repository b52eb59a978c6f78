package io.sharedstore.cluster;

import static io.sharedstore.cluster.InJvmManager.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.typesafe.config.ConfigFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sharedstore.readme.GuildPrefix;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs every Java snippet of the README against a real manager over Artery. The regions between
 * {@code README:begin} and {@code README:end} are the README's snippets verbatim ({@link
 * ReadmeSnippetsTest} checks that, both ways); the code around them gives each snippet what the
 * README assumes it has ({@code store}, {@code clusterId}, {@code runPing()}, ...) and checks
 * that it did what the README says.
 */
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadmeExamplesTest {

  private static final long WAIT_SECONDS = 30;

  private final InJvmManager manager = new InJvmManager();
  private final ClusterClient client = ClusterClient.connect(3, manager.address());
  private final StoreClient store = client.store();

  /** What the recipes' callbacks ({@code runPing()}, {@code callDiscord()}, ...) were called. */
  private final BlockingQueue<String> outcomes = new LinkedBlockingQueue<>();

  /** The report that {@code buildReport()} is building: the test decides when it is done. */
  private CompletableFuture<Done> report = new CompletableFuture<>();

  /** The README's example value type. */
  record Player(String name, int level) {}

  @AfterAll
  void stop() {
    client.close();
    manager.close();
  }

  @BeforeEach
  void emptyStore() {
    await(store.deleteAll("*"));
    outcomes.clear();
    report = new CompletableFuture<>();
  }

  // ---- Use it -------------------------------------------------------------------------------

  @Test
  void theFirstExamplePrintsTheValueItStored() {
    PrintStream original = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      GuildPrefix.main(new String[] {manager.address()});
    } finally {
      System.setOut(original);
    }
    assertEquals("prefix: !", printed.toString(StandardCharsets.UTF_8).strip());
    assertEquals(Optional.of("!"), await(store.get("guild:42:prefix", String.class)));
  }

  @Test
  void moreCallsDoWhatTheirCommentsSay() {
    await(store.set("guild:42:prefix", "!"));
    moreCalls(store);
    // one client's operations apply in the order issued: these reads come after the snippet's
    assertTrue(await(store.has("cooldown:ping:ada")));
    Ttl ttl = await(store.ttl("cooldown:ping:ada"));
    assertTrue(ttl.remaining().orElseThrow().compareTo(Duration.ofSeconds(5)) <= 0, ttl.toString());
    assertEquals(
        Optional.of(List.of(new Player("ada", 3), new Player("bob", 5))),
        await(store.get("team", new TypeReference<List<Player>>() {})));
    assertEquals(
        Optional.of(List.of(java.util.Map.of("name", "ada", "level", 3),
            java.util.Map.of("name", "bob", "level", 5))),
        await(store.get("team")));
    assertFalse(await(store.has("guild:42:prefix")));
  }

  private void moreCalls(StoreClient store) {
    // README:begin more-calls
    store.set("cooldown:ping:ada", true, SetOptions.ttl(Duration.ofSeconds(5)));
    store.has("cooldown:ping:ada");                                   // true for 5 s
    store.set("team", List.of(new Player("ada", 3), new Player("bob", 5)));
    store.get("team", new TypeReference<List<Player>>() {});          // Optional<List<Player>>
    store.get("team");                                                // untyped: String, Integer, List, Map...
    store.delete("guild:42:prefix", Duration.ofMillis(500));          // every call takes an optional timeout
    // README:end
  }

  // ---- Operate it ---------------------------------------------------------------------------

  @Test
  void clientMetricsGoToTheApplicationsRegistry() {
    int clusterId = 7;
    String managerAddress = manager.address();
    // README:begin client-metrics
    MeterRegistry registry = new SimpleMeterRegistry();   // the application's own: Prometheus, Datadog...
    ClusterClient metered = ClusterClient.connect(clusterId, managerAddress,
        MetricsOptions.registry(registry).withTag("cluster_id", String.valueOf(clusterId)));
    // README:end
    try {
      await(metered.store().set("metered", 1));
      assertEquals(1, registry.get("shared.store.client.calls").tags("operation", "set",
          "result", "ok", "cluster_id", "7").timer().count());
      assertEquals(0.0, registry.get("shared.store.client.unreachable").gauge().value());
    } finally {
      metered.close();
    }
  }

  // ---- Actor code ---------------------------------------------------------------------------

  @Test
  void actorCodeReadsAFlagThroughStoreRef() {
    ActorTestKit application =
        ActorTestKit.create(
            "application",
            ConfigFactory.parseString(
                    "pekko.actor.provider = remote\n"
                        + "pekko.remote.artery.canonical.hostname = 127.0.0.1\n"
                        + "pekko.remote.artery.canonical.port = 0\n"
                        + "shared-store.manager.port = " + manager.port())
                .withFallback(ConfigFactory.load()));
    try {
      ClusterClient cluster = ClusterClient.create(application.system(), 4);
      TestProbe<FlagCommand> answers = application.createTestProbe();
      ActorRef<FlagCommand> reader = application.spawn(flagReader(cluster, answers.getRef()));

      await(cluster.store().set("flag:beta", true));
      reader.tell(ReadFlag.INSTANCE);
      assertEquals(new FlagRead(true), answers.receiveMessage(Duration.ofSeconds(WAIT_SECONDS)));

      await(cluster.store().delete("flag:beta"));
      reader.tell(ReadFlag.INSTANCE);
      assertEquals(new FlagRead(false), answers.receiveMessage(Duration.ofSeconds(WAIT_SECONDS)));

      await(cluster.store().set("flag:beta", "yes"));
      reader.tell(ReadFlag.INSTANCE);
      FlagCommand wrongType = answers.receiveMessage(Duration.ofSeconds(WAIT_SECONDS));
      assertTrue(
          wrongType instanceof FlagUnknown unknown
              && unknown.failure() instanceof StoreSerializationException,
          "a value that is not a Boolean reaches the actor as an error: " + wrongType);
      cluster.close();
    } finally {
      application.shutdownTestKit();
    }
  }

  sealed interface FlagCommand {}

  enum ReadFlag implements FlagCommand { INSTANCE }

  record FlagRead(boolean enabled) implements FlagCommand {}

  record FlagUnknown(Throwable failure) implements FlagCommand {}

  /** An application actor: on {@link ReadFlag} it runs the README's snippet and forwards the answer. */
  private static Behavior<FlagCommand> flagReader(ClusterClient cluster, ActorRef<FlagCommand> out) {
    return Behaviors.setup(
        context ->
            Behaviors.receive(FlagCommand.class)
                .onMessage(ReadFlag.class, read -> readFlag(context, cluster))
                .onMessage(FlagRead.class, answer -> forward(out, answer))
                .onMessage(FlagUnknown.class, answer -> forward(out, answer))
                .build());
  }

  private static Behavior<FlagCommand> readFlag(
      ActorContext<FlagCommand> context, ClusterClient cluster) {
    // README:begin actor-example
    context.askWithStatus(
        StoreRequest.<Optional<Boolean>>replyClass(Optional.class),
        cluster.storeRef(),
        Duration.ofSeconds(6),
        replyTo -> StoreRequest.get("flag:beta", Boolean.class, replyTo),
        (flag, failure) -> failure != null ? new FlagUnknown(failure) : new FlagRead(flag.orElse(false)));
    // README:end
    return Behaviors.same();
  }

  private static Behavior<FlagCommand> forward(ActorRef<FlagCommand> out, FlagCommand answer) {
    out.tell(answer);
    return Behaviors.same();
  }

  // ---- Recipes ------------------------------------------------------------------------------

  @Test
  void cooldownRunsOnceWithinItsTtl() throws InterruptedException {
    cooldown(store);
    assertEquals("runPing", nextOutcome());
    cooldown(store);
    assertEquals("replyOnCooldown", nextOutcome());
  }

  private void cooldown(StoreClient store) {
    // README:begin cooldown
    store.setIfAbsent("cooldown:ping:ada", true, SetOptions.ttl(Duration.ofSeconds(5)))
        .thenAccept(first -> {
          if (first) runPing(); else replyOnCooldown();       // true: this call stored the key
        });
    // README:end
  }

  @Test
  void rateLimiterCountsTheCallInItsWindow() throws InterruptedException {
    rateLimiter(store);
    assertEquals("callDiscord", nextOutcome());
    List<String> windows = await(store.keys("rate:42:*"));
    assertEquals(1, windows.size(), windows.toString());
    assertEquals(Optional.of(1L), await(store.get(windows.get(0), Long.class)));
    Duration ttl = await(store.ttl(windows.get(0))).remaining().orElseThrow();
    assertTrue(ttl.compareTo(Duration.ofSeconds(2)) <= 0, ttl.toString());
  }

  @Test
  void rateLimiterRefusesTheCallOverTheLimit() throws InterruptedException {
    long window = System.currentTimeMillis() / 1000;
    for (long w = window; w <= window + 2; w++) {  // the snippet's window may be the next second
      await(store.set("rate:42:" + w, 20, SetOptions.ttl(Duration.ofSeconds(10))));
    }
    rateLimiter(store);
    assertEquals("rateLimited", nextOutcome());
  }

  private void rateLimiter(StoreClient store) {
    // README:begin rate-limiter
    long window = System.currentTimeMillis() / 1000;
    store.incrementBounded("rate:42:" + window, 1, 20, SetOptions.ttl(Duration.ofSeconds(2)))
        .thenAccept(count -> {
          if (count.isPresent()) callDiscord(); else rateLimited(); // empty: over 20, nothing changed
        });
    // README:end
  }

  @Test
  void claimIsHeldWhileTheReportRunsAndReleasedAfter() throws InterruptedException {
    claim(store, 7);
    assertEquals("buildReport", nextOutcome());
    assertEquals(Optional.of("cluster-7"), await(store.get("lock:report", String.class)));

    claim(store, 8);  // another cluster: its claim fails, so it builds no report
    assertEquals(Optional.of("cluster-7"), await(store.get("lock:report", String.class)));

    report.complete(Done.done());
    boolean held = true;
    for (int roundTrip = 0; held && roundTrip < 100; roundTrip++) {
      held = await(store.has("lock:report"));  // the release is issued as the report completes
    }
    assertFalse(held, "the holder's release did not delete the claim");
    assertEquals(null, outcomes.poll(), "only the holder builds the report");
  }

  private void claim(StoreClient store, int clusterId) {
    // README:begin claim
    String me = "cluster-" + clusterId;
    store.setIfAbsent("lock:report", me, SetOptions.ttl(Duration.ofSeconds(60)))
        .thenCompose(mine -> mine
            ? buildReport().thenCompose(done -> store.deleteIfEquals("lock:report", me))
            : CompletableFuture.completedFuture(false));  // deletes only a claim still ours
    // README:end
  }

  @Test
  void sharedConfigurationUpdatesFromTheValueRead() throws InterruptedException {
    sharedConfiguration(store);
    assertEquals(Optional.of("?"), await(store.get("config:prefix", String.class)));
    await(store.set("config:prefix", "#"));
    sharedConfiguration(store);  // sets "!" again, so compareAndSet from "!" succeeds again
    assertEquals(Optional.of("?"), await(store.get("config:prefix", String.class)));
    assertEquals(null, outcomes.poll(), "compareAndSet found its expected value each time");
  }

  private void sharedConfiguration(StoreClient store) {
    // README:begin shared-configuration
    store.get("config:prefix", String.class);             // Optional<String>
    store.set("config:prefix", "!");                      // last write wins
    store.compareAndSet("config:prefix", "!", "?")        // true only if it was still "!"
        .thenAccept(updated -> { if (!updated) rereadAndRetry(); });
    // README:end
  }

  // ---- Watch ------------------------------------------------------------------------------

  @Test
  void aWatchSeesEveryChangeAndResumesFromItsRevision() throws InterruptedException {
    Watch watch = watchConfig(store);
    await(watch.started());
    await(store.set("config:maintenance", true));
    await(store.set("other:key", 1));
    await(store.set("config:beta", false));
    assertEquals("config:maintenance=true", nextOutcome());
    assertEquals("config:beta=false", nextOutcome());
    Watch again = resume(watch, event -> outcomes.add("resumed " + event.revision()));
    await(again.started());
    await(store.set("config:maintenance", false));
    assertTrue(nextOutcome().startsWith("resumed "));
    again.close();
    assertEquals(null, outcomes.poll());
  }

  private Watch watchConfig(StoreClient store) {
    // README:begin watch
    Watch watch = store.watch("config:*", event -> {
      if (event instanceof StoreEvent.Changed changed) {
        applyConfig(changed.key(), changed.value(Boolean.class));  // decoded on demand
      } else if (event instanceof StoreEvent.Reset) {
        reloadAllConfig();                                        // changes may have been missed
      }                                                           // (also Deleted, Expired)
    });
    // README:end
    return watch;
  }

  private Watch resume(Watch watch, java.util.function.Consumer<StoreEvent> listener) {
    // README:begin watch-resume
    long seen = watch.revision();            // the last revision delivered
    watch.close();
    Watch again = store.watch("config:*", WatchOptions.fromRevision(seen), listener);
    // README:end
    return again;
  }

  @Test
  void aWatchSourceDeliversWithBackpressure() throws InterruptedException {
    Watch watch = watchSource(client);
    await(watch.started());
    try {
      await(store.set("config:prefix", "!"));
      String outcome = nextOutcome();
      assertTrue(outcome.startsWith("Changed[") && outcome.contains("config:prefix"), outcome);
    } finally {
      watch.close();
    }
  }

  private Watch watchSource(ClusterClient cluster) {
    // README:begin watch-source
    Watch watch = cluster.store().watchSource("config:*")      // Source<StoreEvent, Watch>
        .toMat(Sink.foreach(event -> log(event)), Keep.left())
        .run(cluster.system());                                // each run is a watch of its own
    // README:end
    return watch;
  }

  // ---- Near cache -------------------------------------------------------------------------

  @Test
  void aNearCacheAnswersLocallyAndSeesAnotherClientsWrite() throws InterruptedException {
    await(store.set("config:maintenance", false));
    try (ClusterClient other = ClusterClient.connect(4, manager.address());
        NearCache<Boolean> flags = nearCache(store)) {
      assertEquals("handle", nextOutcome());                 // the first get read the manager
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
      while (flags.stats().hits() == 0 && System.nanoTime() < deadline) {
        nearCacheGet(flags);                                 // kept once its watch is live
        assertEquals("handle", nextOutcome());
      }
      assertTrue(flags.stats().hits() > 0, flags.stats().toString());
      await(other.store().set("config:maintenance", true));
      String outcome;
      do {                                                   // until the change arrived
        nearCacheGet(flags);
        outcome = nextOutcome();
      } while (!outcome.equals("replyMaintenance") && System.nanoTime() < deadline);
      assertEquals("replyMaintenance", outcome);
    }
  }

  private NearCache<Boolean> nearCache(StoreClient store) {
    // README:begin near-cache
    NearCache<Boolean> flags = store.nearCache("config:*", Boolean.class);
    flags.get("config:maintenance")                // completed at once when held locally
        .thenAccept(on -> { if (on.orElse(false)) replyMaintenance(); else handle(); });
    NearCache.Stats stats = flags.stats();         // hits, misses, invalidations, resets, size
    // README:end
    assertTrue(stats.size() >= 0);
    return flags;
  }

  private void nearCacheGet(NearCache<Boolean> flags) {
    flags.get("config:maintenance")
        .thenAccept(on -> { if (on.orElse(false)) replyMaintenance(); else handle(); });
  }

  private void replyMaintenance() {
    outcomes.add("replyMaintenance");
  }

  private void handle() {
    outcomes.add("handle");
  }

  private void applyConfig(String key, boolean value) {
    outcomes.add(key + "=" + value);
  }

  private void reloadAllConfig() {
    outcomes.add("reloadAllConfig");
  }

  private void log(StoreEvent event) {
    outcomes.add(event.toString());
  }

  // ---- What the recipes call ----------------------------------------------------------------

  private void runPing() {
    outcomes.add("runPing");
  }

  private void replyOnCooldown() {
    outcomes.add("replyOnCooldown");
  }

  private void callDiscord() {
    outcomes.add("callDiscord");
  }

  private void rateLimited() {
    outcomes.add("rateLimited");
  }

  private CompletionStage<Done> buildReport() {
    outcomes.add("buildReport");
    return report;
  }

  private void rereadAndRetry() {
    outcomes.add("rereadAndRetry");
  }

  private String nextOutcome() throws InterruptedException {
    String outcome = outcomes.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    if (outcome == null) {
      throw new AssertionError("the snippet's callback did not run within " + WAIT_SECONDS + " s");
    }
    return outcome;
  }
}

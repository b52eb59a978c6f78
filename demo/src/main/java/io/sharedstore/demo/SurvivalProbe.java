package io.sharedstore.demo;

import io.sharedstore.cluster.SetOptions;
import io.sharedstore.cluster.StoreClient;
import io.sharedstore.cluster.Ttl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The demo driver's own reads of the store around a manager restart: before the stop it sets two
 * configuration flags of its own and a cooldown, then reads them with every cooldown and a sample
 * of the task claims the clusters made (values and deadlines); after the start it reads the same
 * keys again. The clusters' own writes go on meanwhile, so {@link SurvivalCheck} judges only the
 * keys nobody could change in between.
 */
final class SurvivalProbe {

  /** The demo's own configuration flags: written once before the stop, never changed. */
  static final List<String> OWN_FLAGS = List.of("config:demo:run-id", "config:demo:new-ui");

  /** The flag cluster 1 flips during the run: reported, not judged. */
  static final String MAINTENANCE_FLAG = "config:maintenance";

  /** A cooldown of the demo's own, long enough to outlive any restart. */
  static final String OWN_COOLDOWN = "cooldown:demo-restart:probe";

  private static final Duration OWN_COOLDOWN_TTL = Duration.ofMinutes(5);
  private static final int TASK_SAMPLE = 300;
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);

  /**
   * What the probe read before the stop.
   *
   * @param readings the judged keys: the own flags, every cooldown, the sampled task claims
   * @param taskClaims how many task claims the store held
   * @param maintenance the value of {@link #MAINTENANCE_FLAG}
   */
  record Before(List<KeyReading> readings, int taskClaims, Optional<Object> maintenance) {}

  /**
   * What the probe read after the start.
   *
   * @param readings the same keys, in the same order
   * @param sentNanos when the first read was sent
   * @param doneNanos when the last reply came
   * @param maintenance the value of {@link #MAINTENANCE_FLAG}
   */
  record After(
      List<KeyReading> readings, long sentNanos, long doneNanos, Optional<Object> maintenance) {}

  private final StoreClient store;

  SurvivalProbe(StoreClient store) {
    this.store = store;
  }

  /** Writes the probe's own flags and cooldown, then reads the keys to judge. */
  Before before() throws InterruptedException {
    await(store.set(OWN_FLAGS.get(0), UUID.randomUUID().toString(), CALL_TIMEOUT));
    await(store.set(OWN_FLAGS.get(1), true, CALL_TIMEOUT));
    await(store.set(OWN_COOLDOWN, true, SetOptions.ttl(OWN_COOLDOWN_TTL), CALL_TIMEOUT));
    Optional<Object> maintenance = await(store.get(MAINTENANCE_FLAG, CALL_TIMEOUT));
    List<String> keys = new ArrayList<>(OWN_FLAGS);
    keys.addAll(await(store.keys("cooldown:*", CALL_TIMEOUT)).stream().sorted().toList());
    List<String> tasks = await(store.keys("task:*", CALL_TIMEOUT));
    keys.addAll(sample(tasks));
    return new Before(read(keys), tasks.size(), maintenance);
  }

  /** Reads the keys {@code before} read, again. */
  After after(Before before) throws InterruptedException {
    long sent = System.nanoTime();
    Optional<Object> maintenance = await(store.get(MAINTENANCE_FLAG, CALL_TIMEOUT));
    List<KeyReading> readings = read(before.readings().stream().map(KeyReading::key).toList());
    return new After(readings, sent, System.nanoTime(), maintenance);
  }

  /** Up to {@link #TASK_SAMPLE} task keys, evenly spread over the task ids. */
  private static List<String> sample(List<String> tasks) {
    List<String> byId =
        tasks.stream().sorted(Comparator.comparingLong(SurvivalProbe::taskId)).toList();
    if (byId.size() <= TASK_SAMPLE) {
      return byId;
    }
    List<String> sample = new ArrayList<>();
    for (int i = 0; i < TASK_SAMPLE; i++) {
      sample.add(byId.get((int) ((long) i * byId.size() / TASK_SAMPLE)));
    }
    return sample;
  }

  private static long taskId(String key) {
    try {
      return Long.parseLong(key.substring(key.indexOf(':') + 1));
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  /** Each key's value and TTL, all calls in flight at once. */
  private List<KeyReading> read(List<String> keys) throws InterruptedException {
    List<CompletableFuture<KeyReading>> readings = new ArrayList<>();
    for (String key : keys) {
      long sent = System.nanoTime();
      CompletableFuture<Optional<Object>> value =
          store.get(key, CALL_TIMEOUT).toCompletableFuture();
      CompletableFuture<Ttl> ttl = store.ttl(key, CALL_TIMEOUT).toCompletableFuture();
      readings.add(value.thenCombine(ttl, (v, t) -> reading(key, v, t, sent)));
    }
    List<KeyReading> result = new ArrayList<>();
    for (CompletableFuture<KeyReading> reading : readings) {
      result.add(await(reading));
    }
    return result;
  }

  private static KeyReading reading(String key, Optional<Object> value, Ttl ttl, long sent) {
    long done = System.nanoTime();
    if (!ttl.exists() || value.isEmpty()) {
      // Absent, or it expired or appeared between the two reads: nothing to judge.
      return new KeyReading(key, Optional.empty(), Optional.empty(), Optional.empty());
    }
    Optional<Duration> remaining = ttl.remaining();
    return new KeyReading(key, value,
        remaining.map(r -> sent + r.toNanos()), remaining.map(r -> done + r.toNanos()));
  }

  /** The stage's result, or an IllegalStateException naming the failure. */
  private static <T> T await(CompletionStage<T> stage) throws InterruptedException {
    try {
      return stage.toCompletableFuture().get(CALL_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the demo's probe failed to read the store: " + e.getCause(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("the demo's probe had no answer within " + CALL_TIMEOUT, e);
    }
  }
}

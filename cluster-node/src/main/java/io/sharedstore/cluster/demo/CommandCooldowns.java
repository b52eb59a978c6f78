package io.sharedstore.cluster.demo;

import io.sharedstore.cluster.SetOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Command cooldowns: a (user, command) pair may run once per cooldown across all clusters. A step
 * picks a random pair, asks {@code has("cooldown:CMD:USER")}, and if absent runs the command and
 * sets the key with the cooldown as TTL. Racy by design: two clusters can both see "absent"
 * before either sets it, so each run is recorded for the driver to find double runs.
 */
final class CommandCooldowns implements UseCase {

  private final TimedStore store;
  private final WorkloadSettings settings;
  private final AtomicLong hits = new AtomicLong();
  private final List<CooldownExecution> executions = new ArrayList<>();

  CommandCooldowns(TimedStore store, WorkloadSettings settings) {
    this.store = store;
    this.settings = settings;
  }

  @Override
  public CompletionStage<?> step() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String user = "user" + random.nextInt(settings.users());
    String command = "cmd" + random.nextInt(settings.commands());
    String key = "cooldown:" + command + ":" + user;
    return store.has(key).thenCompose(onCooldown -> runUnlessOnCooldown(onCooldown, user, command, key));
  }

  private CompletionStage<?> runUnlessOnCooldown(
      boolean onCooldown, String user, String command, String key) {
    if (onCooldown) {
      hits.incrementAndGet();
      return CompletableFuture.completedFuture(null);
    }
    synchronized (executions) {
      executions.add(new CooldownExecution(user, command, System.currentTimeMillis()));
    }
    return store.set(key, true, SetOptions.ttl(settings.cooldown()));
  }

  /** How many calls were refused because the pair was on cooldown. */
  long hits() {
    return hits.get();
  }

  /** Every run this cluster made. */
  List<CooldownExecution> executions() {
    synchronized (executions) {
      return List.copyOf(executions);
    }
  }
}

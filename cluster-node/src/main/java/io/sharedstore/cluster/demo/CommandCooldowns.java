package io.sharedstore.cluster.demo;

import io.sharedstore.cluster.SetOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Command cooldowns: a (user, command) pair may run once per cooldown across all clusters. A step
 * picks a random pair and claims {@code cooldown:CMD:USER} with the cooldown as TTL through its
 * {@link ClaimStrategy}; if the claim succeeds the command runs, else it is a cooldown hit. Each
 * run is recorded for the driver to find double runs.
 */
final class CommandCooldowns implements UseCase {

  private final ClaimStrategy claims;
  private final WorkloadSettings settings;
  private final SetOptions cooldownTtl;
  private final AtomicLong hits = new AtomicLong();
  private final List<CooldownExecution> executions = new ArrayList<>();

  CommandCooldowns(ClaimStrategy claims, WorkloadSettings settings) {
    this.claims = claims;
    this.settings = settings;
    this.cooldownTtl = SetOptions.ttl(settings.cooldown());
  }

  @Override
  public CompletionStage<?> step() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String user = "user" + random.nextInt(settings.users());
    String command = "cmd" + random.nextInt(settings.commands());
    String key = claims.key("cooldown:" + command + ":" + user);
    long asked = System.currentTimeMillis();
    return claims
        .claimIfAbsent(key, true, cooldownTtl)
        .thenAccept(claimed -> runUnlessOnCooldown(claimed, user, command, asked));
  }

  private void runUnlessOnCooldown(boolean claimed, String user, String command, long asked) {
    if (!claimed) {
      hits.incrementAndGet();
      return;
    }
    synchronized (executions) {
      executions.add(new CooldownExecution(user, command, asked, System.currentTimeMillis()));
    }
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

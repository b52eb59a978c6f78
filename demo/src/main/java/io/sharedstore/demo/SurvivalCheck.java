package io.sharedstore.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Whether what the probe read before a manager restart is still there after it, per kind of data
 * (configuration flags, task claims, cooldowns). A key counts only if nobody could have changed
 * it in between: the demo's own flags, and claims whose deadline lies past the second reading (a
 * claim is made with set-if-absent, so until it expires no cluster can write it). Those must have
 * the same value and the same deadline. Claims whose deadline passed while the manager was down
 * are counted as expired (their TTL said so); claims too close to either reading are not judged.
 *
 * @param configuration the demo's own flags
 * @param claims the sampled task claims
 * @param cooldowns every cooldown (the demo's own among them)
 * @param taskClaims how many task claims the store held before the stop
 * @param maintenanceBefore {@code config:maintenance} before the stop
 * @param maintenanceAfter {@code config:maintenance} after the start
 */
record SurvivalCheck(
    Kind configuration, Kind claims, Kind cooldowns, int taskClaims,
    Optional<Object> maintenanceBefore, Optional<Object> maintenanceAfter) {

  /** Deadlines are kept in milliseconds and read over a loaded machine's loopback. */
  static final long DEADLINE_TOLERANCE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  /**
   * The verdict on one kind of key.
   *
   * @param judged keys that had to survive unchanged
   * @param kept of those, the ones with the same value and deadline after the restart
   * @param expired keys whose deadline passed before the second reading
   * @param broken one line per judged key that was lost or changed
   */
  record Kind(int judged, int kept, int expired, List<String> broken) {
    Kind {
      broken = List.copyOf(broken);
    }
  }

  /** Compares the two readings of the same keys. */
  static SurvivalCheck of(SurvivalProbe.Before before, SurvivalProbe.After after) {
    List<KeyReading> config = new ArrayList<>();
    List<KeyReading> tasks = new ArrayList<>();
    List<KeyReading> cooldowns = new ArrayList<>();
    List<KeyReading> configAfter = new ArrayList<>();
    List<KeyReading> tasksAfter = new ArrayList<>();
    List<KeyReading> cooldownsAfter = new ArrayList<>();
    for (int i = 0; i < before.readings().size(); i++) {
      KeyReading first = before.readings().get(i);
      KeyReading second = after.readings().get(i);
      if (!first.key().equals(second.key())) {
        throw new IllegalStateException("readings out of order: " + first.key() + " vs "
            + second.key());
      }
      if (first.key().startsWith("config:")) {
        config.add(first);
        configAfter.add(second);
      } else if (first.key().startsWith("task:")) {
        tasks.add(first);
        tasksAfter.add(second);
      } else {
        cooldowns.add(first);
        cooldownsAfter.add(second);
      }
    }
    return new SurvivalCheck(
        kind(config, configAfter, after), kind(tasks, tasksAfter, after),
        kind(cooldowns, cooldownsAfter, after), before.taskClaims(), before.maintenance(),
        after.maintenance());
  }

  private static Kind kind(
      List<KeyReading> before, List<KeyReading> again, SurvivalProbe.After after) {
    int judged = 0;
    int kept = 0;
    int expired = 0;
    List<String> broken = new ArrayList<>();
    for (int i = 0; i < before.size(); i++) {
      KeyReading first = before.get(i);
      KeyReading second = again.get(i);
      if (first.livesPast(after.doneNanos() + DEADLINE_TOLERANCE_NANOS)) {
        judged++;
        if (first.sameAs(second, DEADLINE_TOLERANCE_NANOS)) {
          kept++;
        } else {
          broken.add(first.describe(after.sentNanos()) + " before the stop, "
              + second.describe(after.sentNanos()) + " after the start");
        }
      } else if (first.present() && first.expiredBy(after.sentNanos())) {
        expired++;
      }
    }
    return new Kind(judged, kept, expired, broken);
  }

  /** True if every judged key survived unchanged. */
  boolean held() {
    return configuration.broken().isEmpty() && claims.broken().isEmpty()
        && cooldowns.broken().isEmpty();
  }

  /** The summary lines, then one line per lost or changed key. */
  List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add("configuration: " + configuration.kept() + " of " + configuration.judged()
        + " flags the same (" + String.join(", ", SurvivalProbe.OWN_FLAGS) + "); "
        + SurvivalProbe.MAINTENANCE_FLAG + " " + text(maintenanceBefore) + " before the stop, "
        + text(maintenanceAfter) + " after the start (cluster 1 flips it every 2 s)");
    lines.add("claims: " + claims.kept() + " of " + claims.judged()
        + " sampled task claims kept their owner and deadline (of " + taskClaims
        + " task claims in the store before the stop)");
    lines.add("cooldowns: " + cooldowns.kept() + " of " + cooldowns.judged()
        + " still running kept their deadline (" + SurvivalProbe.OWN_COOLDOWN
        + " among them); " + cooldowns.expired() + " ran out while the manager was down");
    for (Kind kind : List.of(configuration, claims, cooldowns)) {
      kind.broken().forEach(line -> lines.add("LOST OR CHANGED: " + line));
    }
    return lines;
  }

  private static String text(Optional<Object> value) {
    return value.map(String::valueOf).orElse("(absent)");
  }
}

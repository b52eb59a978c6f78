package io.sharedstore.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The verdict on readings before and after a restart, on made-up readings and a made-up clock:
 * kept keys pass; a lost claim, a changed flag and a moved deadline each fail it with a line
 * naming the key; a claim whose deadline passed during the stop is counted as expired, not
 * judged; one too close to the second reading is not judged either.
 */
class SurvivalCheckTest {

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  /** The second reading: sent at 100 s, last reply at 101 s. */
  private static final long AFTER_SENT = 100 * SECOND;
  private static final long AFTER_DONE = 101 * SECOND;

  @Test
  void keysThatKeptTheirValueAndDeadlineHold() {
    SurvivalCheck check = check(
        List.of(flag("config:demo:new-ui", true), ttl("task:1", 2, 200 * SECOND),
            ttl("cooldown:a:b", true, 150 * SECOND)),
        List.of(flag("config:demo:new-ui", true),
            ttl("task:1", 2, 200 * SECOND + SECOND / 10),
            ttl("cooldown:a:b", true, 150 * SECOND - SECOND / 10)));

    assertTrue(check.held(), String.join("\n", check.lines()));
    assertEquals(new SurvivalCheck.Kind(1, 1, 0, List.of()), check.configuration());
    assertEquals(new SurvivalCheck.Kind(1, 1, 0, List.of()), check.claims());
    assertEquals(new SurvivalCheck.Kind(1, 1, 0, List.of()), check.cooldowns());
  }

  @Test
  void aLostClaimFailsTheCheckByName() {
    SurvivalCheck check = check(
        List.of(ttl("task:7", 3, 200 * SECOND)), List.of(absent("task:7")));

    assertFalse(check.held());
    assertEquals(1, check.claims().broken().size());
    assertTrue(check.lines().stream()
        .anyMatch(l -> l.startsWith("LOST OR CHANGED: task:7=3") && l.contains("(absent)")),
        String.join("\n", check.lines()));
  }

  @Test
  void aChangedFlagOrAMovedDeadlineFailsTheCheck() {
    SurvivalCheck changed = check(
        List.of(flag("config:demo:run-id", "a")), List.of(flag("config:demo:run-id", "b")));
    assertFalse(changed.held());
    assertEquals(1, changed.configuration().broken().size());

    SurvivalCheck moved = check(
        List.of(ttl("cooldown:a:b", true, 150 * SECOND)),
        List.of(ttl("cooldown:a:b", true, 160 * SECOND)));
    assertFalse(moved.held());
    assertEquals(1, moved.cooldowns().broken().size());

    SurvivalCheck lostTtl = check(
        List.of(ttl("task:2", 1, 150 * SECOND)), List.of(flag("task:2", 1)));
    assertFalse(lostTtl.held(), "a claim that lost its TTL must not pass");
  }

  @Test
  void expiredAndBorderlineKeysAreNotJudged() {
    SurvivalCheck check = check(
        List.of(ttl("cooldown:x:y", true, 90 * SECOND), ttl("task:3", 1, AFTER_DONE),
            absent("cooldown:gone:before")),
        List.of(absent("cooldown:x:y"), absent("task:3"), absent("cooldown:gone:before")));

    assertTrue(check.held(), String.join("\n", check.lines()));
    assertEquals(new SurvivalCheck.Kind(0, 0, 1, List.of()), check.cooldowns());
    assertEquals(new SurvivalCheck.Kind(0, 0, 0, List.of()), check.claims());
  }

  private static SurvivalCheck check(List<KeyReading> before, List<KeyReading> after) {
    return SurvivalCheck.of(
        new SurvivalProbe.Before(before, 10, Optional.of(true)),
        new SurvivalProbe.After(after, AFTER_SENT, AFTER_DONE, Optional.of(false)));
  }

  private static KeyReading flag(String key, Object value) {
    return new KeyReading(key, Optional.of(value), Optional.empty(), Optional.empty());
  }

  /** A key whose deadline lies between {@code deadline} and 50 ms after it. */
  private static KeyReading ttl(String key, Object value, long deadline) {
    return new KeyReading(key, Optional.of(value), Optional.of(deadline),
        Optional.of(deadline + SECOND / 20));
  }

  private static KeyReading absent(String key) {
    return new KeyReading(key, Optional.empty(), Optional.empty(), Optional.empty());
  }
}

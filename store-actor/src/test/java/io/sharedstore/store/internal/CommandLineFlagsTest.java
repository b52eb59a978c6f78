package io.sharedstore.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandLineFlagsTest {

  private static final String USAGE = "usage: x [--n N] [--name S]";

  @Test
  void readsGivenFlagsAndDefaultsTheOthers() {
    CommandLineFlags flags = CommandLineFlags.parse(new String[] {"--n", "7"}, USAGE, "--n", "--name");
    assertEquals(7, flags.number("--n", 1, 0, 10));
    assertEquals(Optional.empty(), flags.text("--name"));
    assertEquals(Optional.of(7), flags.number("--n", 0, 10));
  }

  @Test
  void aSwitchTakesNoValue() {
    String[] args = {"--racy", "--n", "3"};
    CommandLineFlags flags = CommandLineFlags.parse(args, USAGE, Set.of("--racy", "--loud"), "--n");
    assertTrue(flags.isSet("--racy"));
    assertFalse(flags.isSet("--loud"));
    assertEquals(3, flags.number("--n", 1, 0, 10));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CommandLineFlags.parse(new String[] {"--racy"}, USAGE, "--n"));
    assertTrue(e.getMessage().contains("--racy"), e.getMessage());
  }

  @Test
  void everyProblemNamesTheFlagAndEndsWithTheUsage() {
    String[][] bad = {{"--n"}, {"--other", "1"}, {"--n", "x"}, {"--n", "11"}};
    for (String[] args : bad) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> CommandLineFlags.parse(args, USAGE, "--n").number("--n", 0, 0, 10));
      assertTrue(e.getMessage().contains(args[0]), e.getMessage());
      assertTrue(e.getMessage().endsWith(USAGE), e.getMessage());
    }
  }
}

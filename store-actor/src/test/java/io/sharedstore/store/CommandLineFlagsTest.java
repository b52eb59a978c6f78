package io.sharedstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
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

package io.sharedstore.store.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Internal, not API: may change in any release.
 *
 * <p>The {@code --name value} flags and {@code --name} switches of the nodes' main classes, checked
 * against the flags a command knows. Every problem is an {@link IllegalArgumentException} whose
 * message names the flag and ends with the command's usage line.
 */
public final class CommandLineFlags {

  private final Map<String, String> values;
  private final Set<String> switches;
  private final String usage;

  private CommandLineFlags(Map<String, String> values, Set<String> switches, String usage) {
    this.values = values;
    this.switches = switches;
    this.usage = usage;
  }

  /**
   * Reads {@code args} as {@code --name value} pairs.
   *
   * @param args the command line
   * @param usage the usage text every error message ends with
   * @param known the flags accepted, e.g. {@code --port}
   * @return the flags given
   * @throws IllegalArgumentException on an unknown flag or a flag without its value
   */
  public static CommandLineFlags parse(String[] args, String usage, String... known) {
    return parse(args, usage, Set.of(), known);
  }

  /**
   * Reads {@code args} as {@code --name value} pairs and, for the names in {@code knownSwitches},
   * single {@code --name} switches without a value.
   *
   * @param args the command line
   * @param usage the usage text every error message ends with
   * @param knownSwitches the switches accepted
   * @param known the flags with a value accepted
   * @return the flags and switches given
   * @throws IllegalArgumentException on an unknown flag or a flag without its value
   */
  public static CommandLineFlags parse(
      String[] args, String usage, Set<String> knownSwitches, String... known) {
    Set<String> knownFlags = Set.of(known);
    Map<String, String> values = new HashMap<>();
    Set<String> switches = new HashSet<>();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (knownSwitches.contains(flag)) {
        switches.add(flag);
        continue;
      }
      if (!knownFlags.contains(flag)) {
        throw new IllegalArgumentException("unknown flag " + flag + "; " + usage);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value; " + usage);
      }
      values.put(flag, args[++i]);
    }
    return new CommandLineFlags(values, Set.copyOf(switches), usage);
  }

  /**
   * Whether the switch was given.
   *
   * @param knownSwitch the switch, e.g. {@code --verbose}
   * @return true if given
   */
  public boolean isSet(String knownSwitch) {
    return switches.contains(knownSwitch);
  }

  /**
   * The value of a flag, if given.
   *
   * @param flag the flag, e.g. {@code --port}
   * @return its value, or empty
   */
  public Optional<String> text(String flag) {
    return Optional.ofNullable(values.get(flag));
  }

  /**
   * A numeric flag in {@code min..max}, or {@code defaultValue} if not given.
   *
   * @param flag the flag
   * @param defaultValue the value if not given
   * @param min the least value accepted
   * @param max the greatest value accepted
   * @return the value
   * @throws IllegalArgumentException if the value is not a number in range
   */
  public int number(String flag, int defaultValue, int min, int max) {
    return text(flag).map(value -> number(flag, value, min, max)).orElse(defaultValue);
  }

  /**
   * A numeric flag in {@code min..max}, if given.
   *
   * @param flag the flag
   * @param min the least value accepted
   * @param max the greatest value accepted
   * @return the value, or empty
   * @throws IllegalArgumentException if the value is not a number in range
   */
  public Optional<Integer> number(String flag, int min, int max) {
    return text(flag).map(value -> number(flag, value, min, max));
  }

  private int number(String flag, String value, int min, int max) {
    int n;
    try {
      n = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must be a number, was " + value + "; " + usage, e);
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(
          flag + " must be in " + min + ".." + max + ", was " + value + "; " + usage);
    }
    return n;
  }
}

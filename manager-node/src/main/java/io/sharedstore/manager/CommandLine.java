package io.sharedstore.manager;

import io.sharedstore.store.internal.CommandLineFlags;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The manager's command-line flags, as config overrides: {@code --host H} sets {@code
 * shared-store.manager.host}, {@code --port P} sets {@code shared-store.manager.port}, {@code
 * --data-dir DIR} sets {@code shared-store.persistence.dir}, and the switch {@code --repair} sets
 * {@code shared-store.persistence.on-corruption = truncate} for this start.
 */
final class CommandLine {

  static final String USAGE =
      "usage: manager [--host HOST] [--port PORT] [--data-dir DIR] [--repair]";

  private CommandLine() {}

  /**
   * The overrides the flags ask for.
   *
   * @throws IllegalArgumentException on an unknown flag or a flag without its value
   */
  static Map<String, Object> overrides(String[] args) {
    CommandLineFlags flags =
        CommandLineFlags.parse(args, USAGE, Set.of("--repair"), "--host", "--port", "--data-dir");
    Map<String, Object> overrides = new HashMap<>();
    flags.text("--host").ifPresent(host -> overrides.put("shared-store.manager.host", host));
    flags.number("--port", 0, 65535).ifPresent(port -> overrides.put("shared-store.manager.port", port));
    flags.text("--data-dir").ifPresent(dir -> overrides.put("shared-store.persistence.dir", dir));
    if (flags.isSet("--repair")) {
      overrides.put("shared-store.persistence.on-corruption", "truncate");
    }
    return overrides;
  }
}

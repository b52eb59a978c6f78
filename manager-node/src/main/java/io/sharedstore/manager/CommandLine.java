package io.sharedstore.manager;

import io.sharedstore.store.internal.CommandLineFlags;
import java.util.HashMap;
import java.util.Map;

/**
 * The manager's command-line flags, as config overrides: {@code --host H} sets {@code
 * shared-store.manager.host}, {@code --port P} sets {@code shared-store.manager.port}.
 */
final class CommandLine {

  static final String USAGE = "usage: manager [--host HOST] [--port PORT]";

  private CommandLine() {}

  /**
   * The overrides the flags ask for.
   *
   * @throws IllegalArgumentException on an unknown flag or a flag without its value
   */
  static Map<String, Object> overrides(String[] args) {
    CommandLineFlags flags = CommandLineFlags.parse(args, USAGE, "--host", "--port");
    Map<String, Object> overrides = new HashMap<>();
    flags.text("--host").ifPresent(host -> overrides.put("shared-store.manager.host", host));
    flags.number("--port", 0, 65535).ifPresent(port -> overrides.put("shared-store.manager.port", port));
    return overrides;
  }
}

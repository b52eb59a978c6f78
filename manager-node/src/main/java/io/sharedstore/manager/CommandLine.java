package io.sharedstore.manager;

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
    Map<String, Object> overrides = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value; " + USAGE);
      }
      String value = args[++i];
      switch (flag) {
        case "--host" -> overrides.put("shared-store.manager.host", value);
        case "--port" -> overrides.put("shared-store.manager.port", parsePort(value));
        default -> throw new IllegalArgumentException("unknown flag " + flag + "; " + USAGE);
      }
    }
    return overrides;
  }

  private static int parsePort(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("--port must be in 0..65535, was " + value);
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--port must be a number, was " + value, e);
    }
  }
}

package io.sharedstore.manager.metrics;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;
import java.util.OptionalInt;

/**
 * The manager's {@code shared-store.metrics} settings: the port of the metrics endpoint and status
 * page (none by default) and whether the meters are also published as MBeans.
 *
 * @param port the port to bind on {@code host}, 0 for any free one; empty when off
 * @param host the host to bind: the manager's own ({@code shared-store.manager.host})
 * @param jmx whether the meters are also registered as MBeans
 */
record MetricsSettings(OptionalInt port, String host, boolean jmx) {

  /** The highest TCP port. */
  private static final int MAX_PORT = 65535;

  /**
   * Reads {@code shared-store.metrics.port} ({@code off} or a port number) and {@code .jmx}, and
   * {@code shared-store.manager.host}.
   *
   * @throws ConfigException if a setting is missing or has a wrong value
   */
  static MetricsSettings create(Config config) {
    String path = "shared-store.metrics.port";
    OptionalInt port;
    if (config.getValue(path).valueType() != ConfigValueType.NUMBER
        && isOff(config.getString(path))) {
      port = OptionalInt.empty();
    } else {
      int number;
      try {
        // A number in a file; a string of digits from -Dshared-store.metrics.port=N.
        number = config.getInt(path);
      } catch (ConfigException.WrongType e) {
        throw new ConfigException.BadValue(
            path, "a port is 0 to 65535, or off; got [" + config.getString(path) + "]");
      }
      if (number < 0 || number > MAX_PORT) {
        throw new ConfigException.BadValue(path, "a port is 0 to 65535, or off; got " + number);
      }
      port = OptionalInt.of(number);
    }
    return new MetricsSettings(
        port, config.getString("shared-store.manager.host"),
        config.getBoolean("shared-store.metrics.jmx"));
  }

  private static boolean isOff(String value) {
    return value.equals("off") || value.equals("false") || value.equals("no");
  }

  /** Whether anything is published at all (a port, or JMX). */
  boolean enabled() {
    return port.isPresent() || jmx;
  }
}

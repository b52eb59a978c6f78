package io.sharedstore.store;

import io.sharedstore.store.internal.Ticker;
import io.sharedstore.store.protocol.ManagerInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import org.apache.pekko.actor.Address;

/**
 * The server section of the manager's info, from what the store knows when it starts: its
 * version (from the build), its epoch, when it started on the monotonic clock, its data directory
 * and fsync policy, its process id and address.
 */
final class ServerInfo {

  /** The store's version as the build recorded it, {@code unknown} without it. */
  static final String VERSION = readVersion();

  private final String epoch;
  private final Ticker monotonic;
  private final long startedNanos;
  private final Optional<ManagerInfo.Persistence> persistence;
  private final String hostPort;

  /**
   * The server of a store started now.
   *
   * @param epoch the store's epoch
   * @param monotonic the clock uptime is counted on
   * @param persistence its persistence settings, null or without a directory when in memory
   * @param address the manager's ActorSystem address
   */
  ServerInfo(String epoch, Ticker monotonic, PersistenceSettings persistence, Address address) {
    this.epoch = epoch;
    this.monotonic = monotonic;
    this.startedNanos = monotonic.nanos();
    this.persistence =
        persistence == null
            ? Optional.empty()
            : persistence.dir().map(dir -> new ManagerInfo.Persistence(dir.toString(),
                persistence.fsync().name().toLowerCase(Locale.ROOT), 0));
    this.hostPort =
        address.getHost().isPresent() && address.getPort().isPresent()
            ? address.getHost().get() + ":" + address.getPort().get()
            : "";
  }

  /**
   * The section now.
   *
   * @param logBytes the bytes of the logs since the last snapshot (ignored in memory only)
   */
  ManagerInfo.Server section(long logBytes) {
    return new ManagerInfo.Server(VERSION, epoch,
        Math.max(0, monotonic.nanos() - startedNanos) / 1_000_000, ProcessHandle.current().pid(),
        hostPort, persistence.map(p -> new ManagerInfo.Persistence(p.directory(), p.fsync(),
            logBytes)));
  }

  private static String readVersion() {
    try (InputStream in = ServerInfo.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version", "");
      return version.isEmpty() || version.startsWith("${") ? "unknown" : version;
    } catch (IOException e) {
      return "unknown";
    }
  }
}

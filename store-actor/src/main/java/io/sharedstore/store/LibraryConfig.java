package io.sharedstore.store;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/**
 * The configuration a store JVM runs with: like {@link ConfigFactory#load()} (system properties,
 * then {@code application.conf} or {@code -Dconfig.file}, then every {@code reference.conf}), with
 * the library's settings of Pekko itself ({@value #PEKKO_SETTINGS}: one pool for all dispatchers,
 * the frame size, the serialization binding) placed above every {@code reference.conf}.
 *
 * <p>On a plain classpath the library's {@code reference.conf} includes them and they apply
 * anyway. A fat jar (maven-shade's {@code AppendingTransformer}) appends all {@code
 * reference.conf} files into one, in dependency order, so Pekko's own defaults come after the
 * library's and win: without this the manager refuses to start (frame too small) and every hop
 * pays thread hand-offs between pools. An application that creates its own ActorSystem for
 * {@code ClusterClient.create} can build its config with {@link #load()}, or put {@code include
 * "shared-store-pekko.conf"} in its {@code application.conf}.
 */
public final class LibraryConfig {

  /** The classpath resource with the library's Pekko settings. */
  public static final String PEKKO_SETTINGS = "shared-store-pekko.conf";

  private LibraryConfig() {}

  /**
   * {@link ConfigFactory#load()} with the library's Pekko settings above the references.
   *
   * @return the resolved config
   */
  public static Config load() {
    return load(ConfigFactory.defaultReference());
  }

  /** As {@link #load()}, over the given merged references (tests pass a fat jar's order). */
  static Config load(Config references) {
    return ConfigFactory.defaultOverrides()
        .withFallback(ConfigFactory.defaultApplication())
        .withFallback(ConfigFactory.parseResources(LibraryConfig.class.getClassLoader(),
            PEKKO_SETTINGS))
        .withFallback(references)
        .resolve();
  }
}

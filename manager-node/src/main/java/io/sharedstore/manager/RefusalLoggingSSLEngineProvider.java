package io.sharedstore.manager;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.remote.artery.tcp.ConfigSSLEngineProvider;

/**
 * Pekko's {@link ConfigSSLEngineProvider} (same settings, {@code
 * pekko.remote.artery.ssl.config-ssl-engine}), whose server engines log the inbound connections
 * they refuse: Artery itself drops a failed TLS handshake on its accepting side without a word,
 * even at DEBUG, so a stranger knocking would go unnoticed. The manager installs it in place of
 * the default provider (see {@link #install}); clients keep the default.
 */
public final class RefusalLoggingSSLEngineProvider extends ConfigSSLEngineProvider {

  private static final String PROVIDER_KEY = "pekko.remote.artery.ssl.ssl-engine-provider";

  /** Called reflectively by Artery, as for every {@code ssl-engine-provider}. */
  public RefusalLoggingSSLEngineProvider(ActorSystem system) {
    super(system);
  }

  @Override
  public SSLEngine createServerSSLEngine(String hostname, int port) {
    return new RefusalLoggingSSLEngine(super.createServerSSLEngine(hostname, port));
  }

  /**
   * {@code config} with this provider in place of the default one when Artery runs over TLS;
   * unchanged otherwise (plain TCP, or a provider of the operator's own choosing).
   */
  static Config install(Config config) {
    boolean tls = "tls-tcp".equals(config.getString("pekko.remote.artery.transport"));
    if (!tls || !ConfigSSLEngineProvider.class.getName().equals(config.getString(PROVIDER_KEY))) {
      return config;
    }
    return ConfigFactory.parseMap(Map.of(PROVIDER_KEY, RefusalLoggingSSLEngineProvider.class.getName()))
        .withFallback(config);
  }
}

package io.sharedstore.manager;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import org.apache.pekko.remote.artery.tcp.ConfigSSLEngineProvider;

/**
 * Opens the manager's key store and trust store before it starts: Pekko reads them only at the
 * first connection, so a wrong path or password would otherwise give a manager that prints its
 * listening line and then fails every connection.
 */
final class TlsStores {

  private static final String ENGINE = "pekko.remote.artery.ssl.config-ssl-engine";

  private TlsStores() {}

  /**
   * Checks the stores of {@code pekko.remote.artery.ssl.config-ssl-engine} when Artery runs over
   * TLS with the default provider (or ours); does nothing otherwise.
   *
   * @throws ConfigException.BadValue naming the setting whose store cannot be used, and why
   */
  static void check(Config config) {
    if (!"tls-tcp".equals(config.getString("pekko.remote.artery.transport"))) {
      return;
    }
    String provider = config.getString("pekko.remote.artery.ssl.ssl-engine-provider");
    if (!provider.equals(ConfigSSLEngineProvider.class.getName())
        && !provider.equals(RefusalLoggingSSLEngineProvider.class.getName())) {
      return;
    }
    KeyStore keys = open(config, "key-store", "key-store-password");
    if (!hasPrivateKey(keys)) {
      throw new ConfigException.BadValue(
          ENGINE + ".key-store",
          "[" + config.getString(ENGINE + ".key-store") + "] holds no private key: the manager"
              + " needs its own key pair and certificate (bin/shared-store gen-certs: manager.p12)");
    }
    KeyStore trust = open(config, "trust-store", "trust-store-password");
    if (!hasCertificate(trust)) {
      throw new ConfigException.BadValue(
          ENGINE + ".trust-store",
          "[" + config.getString(ENGINE + ".trust-store") + "] holds no trusted certificate, so"
              + " every peer would be refused (bin/shared-store gen-certs: truststore.p12)");
    }
  }

  private static KeyStore open(Config config, String storeKey, String passwordKey) {
    String path = config.getString(ENGINE + "." + storeKey);
    String password = config.getString(ENGINE + "." + passwordKey);
    try (InputStream in = Files.newInputStream(Path.of(path))) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(in, password.toCharArray());
      return store;
    } catch (NoSuchFileException e) {
      throw new ConfigException.BadValue(ENGINE + "." + storeKey, "no such file [" + path + "]");
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException.BadValue(
          ENGINE + "." + storeKey,
          "cannot open [" + path + "] with " + ENGINE + "." + passwordKey + ": " + e.getMessage());
    }
  }

  private static boolean hasPrivateKey(KeyStore store) {
    try {
      for (String alias : Collections.list(store.aliases())) {
        if (store.isKeyEntry(alias)) {
          return true;
        }
      }
      return false;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static boolean hasCertificate(KeyStore store) {
    try {
      for (String alias : Collections.list(store.aliases())) {
        if (store.isCertificateEntry(alias)) {
          return true;
        }
      }
      return false;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}

package io.sharedstore.manager;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TLS manager opens its key and trust stores before it starts, and a store it cannot use stops
 * the start with the setting's name and the reason. (Working stores: TlsTest in system-tests.)
 */
class TlsStoresTest {

  private static final String ENGINE = "pekko.remote.artery.ssl.config-ssl-engine";

  @TempDir Path dir;

  @Test
  void plainTcpNeedsNoStores() {
    assertDoesNotThrow(() -> TlsStores.check(ConfigFactory.load()));
  }

  @Test
  void aMissingKeyStoreIsNamed() {
    ConfigException.BadValue e =
        assertThrows(
            ConfigException.BadValue.class,
            () -> TlsStores.check(tls(dir.resolve("absent.p12"), "secret")));
    assertTrue(e.getMessage().contains(ENGINE + ".key-store"), e.getMessage());
    assertTrue(e.getMessage().contains("no such file"), e.getMessage());
  }

  @Test
  void aWrongPasswordIsNamed() throws Exception {
    Path store = emptyStore("right");
    ConfigException.BadValue e =
        assertThrows(ConfigException.BadValue.class, () -> TlsStores.check(tls(store, "wrong")));
    assertTrue(e.getMessage().contains(ENGINE + ".key-store-password"), e.getMessage());
  }

  @Test
  void aKeyStoreWithoutAPrivateKeyIsRefused() throws Exception {
    Path store = emptyStore("right");
    ConfigException.BadValue e =
        assertThrows(ConfigException.BadValue.class, () -> TlsStores.check(tls(store, "right")));
    assertTrue(e.getMessage().contains("holds no private key"), e.getMessage());
  }

  @Test
  void theManagerChecksTheStoresBeforeItBinds() {
    Map<String, Object> settings = new HashMap<>();
    settings.put("shared-store.manager.port", 0);
    settings.put("pekko.remote.artery.transport", "tls-tcp");
    settings.put(ENGINE + ".key-store", dir.resolve("absent.p12").toString());
    assertThrows(
        ConfigException.BadValue.class,
        () -> ManagerNode.start(ConfigFactory.parseMap(settings).withFallback(ConfigFactory.load())));
  }

  private Path emptyStore(String password) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    Path file = dir.resolve("empty.p12");
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, password.toCharArray());
    }
    return file;
  }

  private static Config tls(Path keyStore, String password) {
    Map<String, Object> settings = new HashMap<>();
    settings.put("pekko.remote.artery.transport", "tls-tcp");
    settings.put(ENGINE + ".key-store", keyStore.toString());
    settings.put(ENGINE + ".key-store-password", password);
    return ConfigFactory.parseMap(settings).withFallback(ConfigFactory.load()).resolve();
  }
}

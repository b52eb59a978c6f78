package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.cluster.ClusterClient;
import io.sharedstore.cluster.StoreClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;

/**
 * With {@code shared-store.metrics.jmx = on} the manager's meters are MBeans in domain {@code
 * shared_store}, seen through a remote JMX connection to the manager JVM: the keys gauge shows
 * the keys a client wrote, and the operations timer counts its sets.
 */
class MetricsJmxTest {

  private static final int KEYS = 37;

  @Test
  void theStoreMetersAreMBeansOfTheManager() throws Exception {
    int jmxPort = FreePort.pick();
    List<String> jmx = List.of(
        "-Dshared-store.metrics.jmx=on",
        "-Dcom.sun.management.jmxremote.port=" + jmxPort,
        "-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort,
        "-Dcom.sun.management.jmxremote.authenticate=false",
        "-Dcom.sun.management.jmxremote.ssl=false",
        "-Dcom.sun.management.jmxremote.host=127.0.0.1",
        "-Djava.rmi.server.hostname=127.0.0.1");
    try (MetricsManager manager = MetricsManager.start("jmx manager", jmx);
        ClusterClient client = ClusterClient.connect(3, manager.address())) {
      assertTrue(manager.jvm().findLine(
          java.util.regex.Pattern.compile("Metrics as MBeans in JMX domain \\[shared_store\\]"))
          .isPresent(), manager.jvm().tail(20));
      StoreClient store = client.store();
      CompletableFuture<?>[] sets = new CompletableFuture<?>[KEYS];
      for (int i = 0; i < KEYS; i++) {
        sets[i] = store.set("jmx-" + i, i).toCompletableFuture();
      }
      CompletableFuture.allOf(sets).get(20, TimeUnit.SECONDS);

      JMXServiceURL url = new JMXServiceURL(
          "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi");
      try (JMXConnector connector = JMXConnectorFactory.connect(url)) {
        MBeanServerConnection mbeans = connector.getMBeanServerConnection();
        Set<ObjectName> ours = mbeans.queryNames(new ObjectName("shared_store:*"), null);
        assertFalse(ours.isEmpty(), "no MBean in domain shared_store");
        ObjectName keys = new ObjectName("shared_store:name=sharedStoreKeys,type=gauges");
        assertTrue(ours.contains(keys), "no keys gauge among " + ours);
        // JMX reads the figures the manager asked its store for, once a second.
        AtomicReference<Object> seen = new AtomicReference<>();
        boolean shown = Poll.until(Duration.ofSeconds(20), () -> {
          try {
            seen.set(mbeans.getAttribute(keys, "Value"));
            return ((Number) seen.get()).doubleValue() == KEYS;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }).isPresent();
        assertTrue(shown, "keys gauge " + seen.get() + ", not " + KEYS);

        ObjectName sets37 = ours.stream()
            .filter(n -> "timers".equals(n.getKeyProperty("type"))
                && n.getKeyProperty("name").startsWith("sharedStoreOperations")
                && n.getKeyProperty("name").contains("operation.set")
                && n.getKeyProperty("name").contains("result.ok"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no set timer among " + ours));
        assertEquals(KEYS, ((Number) mbeans.getAttribute(sets37, "Count")).longValue(),
            sets37 + " among " + ours);
      }
    }
  }
}

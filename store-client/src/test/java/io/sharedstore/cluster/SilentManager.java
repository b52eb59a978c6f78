package io.sharedstore.cluster;

import io.sharedstore.store.protocol.*;
import io.sharedstore.store.protocol.Reply.*;
import com.typesafe.config.ConfigFactory;
import io.sharedstore.store.ManagerAddress;
import io.sharedstore.store.StoreActor;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A manager that receives every request and answers none, not even a heartbeat: its clients
 * never learn it is reachable, so their calls wait out their timeouts. For the tests of the
 * timeout path, which a stopped manager no longer exercises (it tells its clients it stops).
 */
final class SilentManager implements AutoCloseable {

  private final ActorTestKit kit;

  SilentManager() {
    kit =
        ActorTestKit.create(
            ManagerAddress.SYSTEM_NAME,
            ConfigFactory.parseString(
                    """
                    pekko.actor.provider = remote
                    pekko.remote.artery.canonical.hostname = 127.0.0.1
                    pekko.remote.artery.canonical.port = 0
                    """)
                .withFallback(ConfigFactory.load()));
    kit.spawn(Behaviors.<Command>ignore(), ManagerAddress.STORE_NAME);
  }

  /** The {@code host:port} clients connect to. */
  String address() {
    var address = kit.system().address();
    return address.getHost().get() + ":" + address.getPort().get();
  }

  @Override
  public void close() {
    kit.shutdownTestKit();
  }
}

package io.sharedstore.cluster;

import com.typesafe.config.ConfigFactory;
import io.sharedstore.store.ManagerAddress;
import io.sharedstore.store.PersistenceSettings;
import io.sharedstore.store.StoreActor;
import io.sharedstore.store.StoreSettings;
import io.sharedstore.store.protocol.Batch;
import io.sharedstore.store.protocol.ClusterInfo;
import io.sharedstore.store.protocol.Command;
import io.sharedstore.store.protocol.Execute;
import io.sharedstore.store.protocol.GetClusterInfo;
import io.sharedstore.store.protocol.GetSlotMap;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Replies;
import io.sharedstore.store.protocol.Reply;
import io.sharedstore.store.protocol.SlotMap;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;

/**
 * A store node for tests of the client's routing, inside the test JVM: an ActorSystem named
 * like a manager's, with real Artery remoting on a free loopback port and a real {@link
 * StoreActor} (with its heartbeat child) at {@code /user/store}, which answers {@link
 * GetSlotMap} with the map the test sets instead of a single manager's (and {@link
 * GetClusterInfo} with the test's answer, once it set one). It does not forward
 * anything: each node keeps what reaches it, so where a key landed shows where the client sent
 * it.
 */
final class FakeStoreNode implements AutoCloseable {

  private final ActorTestKit kit;
  private final ActorRef<Command> store;
  private final AtomicReference<SlotMap> map = new AtomicReference<>(SlotMap.NOT_A_CLUSTER);
  private final AtomicReference<Optional<Replies.Owner>> hint =
      new AtomicReference<>(Optional.empty());
  private final AtomicReference<Optional<ClusterInfo>> clusterInfo =
      new AtomicReference<>(Optional.empty());

  FakeStoreNode() {
    var config = ConfigFactory.parseString(
            """
            pekko.actor.provider = remote
            pekko.remote.artery.canonical.hostname = 127.0.0.1
            pekko.remote.artery.canonical.port = 0
            """)
        .withFallback(ConfigFactory.load());
    kit = ActorTestKit.create(ManagerAddress.SYSTEM_NAME, config);
    Behavior<Command> engine = StoreActor.create(StoreSettings.create(config),
        PersistenceSettings.create(config));
    store = kit.spawn(Behaviors.intercept(() -> new AnswersSlotMap(map, hint, clusterInfo),
        engine),
        ManagerAddress.STORE_NAME);
  }

  /** The {@code host:port} of the node. */
  String address() {
    var address = kit.system().address();
    return address.getHost().get() + ":" + address.getPort().get();
  }

  /**
   * Makes the node add {@code owner} to its answers to batches from now on, as a store node
   * does for requests another node's slot answered.
   */
  void hint(Replies.Owner owner) {
    hint.set(Optional.of(owner));
  }

  /** Makes the node answer {@code next} to GetSlotMap from now on. */
  void answer(SlotMap next) {
    map.set(next);
  }

  /** Makes the node answer {@code next} to GetClusterInfo from now on. */
  void answer(ClusterInfo next) {
    clusterInfo.set(Optional.of(next));
  }

  /** The value bytes of {@code key} on this node, asked locally: where the key landed. */
  Optional<byte[]> stored(String key) {
    TestProbe<StatusReply<Reply.Value>> probe = kit.createTestProbe();
    store.tell(new Execute<>(new Operation.Get(key), probe.getRef()));
    return probe.receiveMessage(Duration.ofSeconds(5)).getValue().bytes()
        .map(bytes -> bytes.unsafeArray());
  }

  @Override
  public void close() {
    kit.shutdownTestKit();
  }

  /**
   * Answers GetSlotMap with the test's map, and GetClusterInfo with its answer if it set one;
   * passes everything else to the store.
   */
  private static final class AnswersSlotMap extends BehaviorInterceptor<Command, Command> {
    private final AtomicReference<SlotMap> map;
    private final AtomicReference<Optional<Replies.Owner>> hint;
    private final AtomicReference<Optional<ClusterInfo>> clusterInfo;

    AnswersSlotMap(AtomicReference<SlotMap> map,
        AtomicReference<Optional<Replies.Owner>> hint,
        AtomicReference<Optional<ClusterInfo>> clusterInfo) {
      super(Command.class);
      this.map = map;
      this.hint = hint;
      this.clusterInfo = clusterInfo;
    }

    @Override
    public Behavior<Command> aroundReceive(
        TypedActorContext<Command> context, Command message, ReceiveTarget<Command> target) {
      if (message instanceof GetSlotMap get) {
        get.replyTo().tell(map.get());
        return Behaviors.same();
      }
      Optional<Replies.Owner> owner = hint.get();
      if (message instanceof Batch batch && owner.isPresent()) {
        ActorRef<Replies> client = batch.replyTo();
        ActorRef<Replies> hinting = context.asJava().spawnAnonymous(
            Behaviors.receiveMessage((Replies replies) -> {
              client.tell(new Replies(replies.outcomes(), owner));
              return Behaviors.same();
            }));
        return target.apply(context, new Batch(batch.requests(), hinting));
      }
      if (message instanceof GetClusterInfo get && clusterInfo.get().isPresent()) {
        get.replyTo().tell(clusterInfo.get().get());
        return Behaviors.same();
      }
      return target.apply(context, message);
    }
  }
}

package io.sharedstore.store;

import java.util.Optional;
import java.util.OptionalLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every protocol message survives the serializer it is bound to (Jackson CBOR). */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProtocolSerializationTest {

  @JUnit5TestKit ActorTestKit testKit = new JUnit5TestKitBuilder().build();

  private void verify(Object message) {
    testKit.serializationTestKit().verifySerialization(message, true);
  }

  @Test
  void commands() {
    ActorRef<StatusReply<Done>> done = testKit.<StatusReply<Done>>createTestProbe().getRef();
    verify(new StoreActor.Set("k", new byte[] {1, 2, 3}, OptionalLong.empty(), done));
    verify(new StoreActor.Set("k", new byte[] {1, 2, 3}, OptionalLong.of(5000), done));
    verify(new StoreActor.Get("k", testKit.<StatusReply<StoreActor.Value>>createTestProbe().getRef()));
    verify(new StoreActor.Has("k", testKit.<StatusReply<StoreActor.Exists>>createTestProbe().getRef()));
    verify(new StoreActor.Delete("k", testKit.<StatusReply<StoreActor.Deleted>>createTestProbe().getRef()));
    verify(new StoreActor.GetStats(testKit.<StoreActor.Stats>createTestProbe().getRef()));
  }

  @Test
  void replies() {
    verify(new StoreActor.Value(Optional.of(new byte[] {(byte) 0xff, 0, 7})));
    verify(new StoreActor.Value(Optional.empty()));
    verify(new StoreActor.Exists(true));
    verify(new StoreActor.Deleted(false));
    verify(new StoreActor.Stats(10, 3));
    verify(StatusReply.success(new StoreActor.Exists(true)));
  }

  @Test
  void aKeyWithUnicodeAndControlCharactersSurvives() {
    verify(new StoreActor.Get("ключ\u0000\t😀", testKit.<StatusReply<StoreActor.Value>>createTestProbe().getRef()));
  }
}

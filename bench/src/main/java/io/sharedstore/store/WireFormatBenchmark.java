package io.sharedstore.store;

import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.Serialization$;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encoding and decoding one {@link StoreActor.Batch} of 50 requests (80 % get, 20 % set of a
 * 100-byte value, as the load generator's mix) and its {@link StoreActor.Replies}, with Pekko's
 * Jackson CBOR mapper: {@code compact} is the store's wire form ({@link BatchFormat}, {@link
 * RepliesFormat}); {@code generic} the same mapper with those formats switched off by a mix-in,
 * i.e. the polymorphic records with type names and Optional wrappers they replaced. Time is per
 * message of 50 requests or 50 answers.
 *
 * <p>Run: {@code mvn -B -q -pl bench -am -DskipTests package && java -jar
 * bench/target/benchmarks.jar WireFormatBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class WireFormatBenchmark {

  static final int REQUESTS = 50;

  @Param({"compact", "generic"})
  public String format;

  private ActorSystem<Void> system;
  private ExtendedActorSystem classic;
  private ObjectMapper mapper;
  private StoreActor.Batch batch;
  private StoreActor.Replies replies;
  private byte[] batchBytes;
  private byte[] repliesBytes;

  /** Switches the compact formats off: the records' generic Jackson encoding. */
  @JsonSerialize(using = JsonSerializer.None.class)
  @JsonDeserialize(using = JsonDeserializer.None.class)
  abstract static class Generic {}

  @Setup
  public void setUp() throws Exception {
    system = ActorSystem.create(Behaviors.empty(), "wire-format", LibraryConfig.load());
    classic = (ExtendedActorSystem) Adapter.toClassic(system);
    ObjectMapper pekkoMapper =
        JacksonObjectMapperProvider.get(Adapter.toClassic(system))
            .getOrCreate("jackson-cbor", Optional.empty());
    mapper =
        format.equals("compact")
            ? pekkoMapper
            : pekkoMapper.copy()
                .addMixIn(StoreActor.Batch.class, Generic.class)
                .addMixIn(StoreActor.Replies.class, Generic.class);
    ActorRef<StoreActor.Replies> replyTo =
        Adapter.toTyped(Adapter.toClassic(system).deadLetters());
    SplittableRandom random = new SplittableRandom(42);
    List<StoreActor.Request> requests = new ArrayList<>();
    List<StoreActor.Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      String key = "bench:" + random.nextInt(10_000);
      byte[] value = new byte[100];
      random.nextBytes(value);
      boolean set = random.nextInt(100) < 20;
      requests.add(new StoreActor.Request(1_000_000 + i, set
          ? new StoreActor.Set(key, value, OptionalLong.empty(), null)
          : new StoreActor.Get(key, null)));
      outcomes.add(new StoreActor.Outcome(1_000_000 + i,
          Optional.of(set ? StoreActor.Ack.INSTANCE : new StoreActor.Value(Optional.of(value))),
          Optional.empty()));
    }
    batch = new StoreActor.Batch(requests, replyTo);
    replies = new StoreActor.Replies(outcomes);
    batchBytes = encodeBatch();
    repliesBytes = encodeReplies();
    System.out.printf("%n%s: batch %d bytes, replies %d bytes%n",
        format, batchBytes.length, repliesBytes.length);
  }

  @TearDown
  public void tearDown() {
    system.terminate();
  }

  @Benchmark
  public byte[] encodeBatch() throws Exception {
    return Serialization$.MODULE$.withTransportInformation(classic, () -> write(batch));
  }

  @Benchmark
  public Object decodeBatch() throws Exception {
    return Serialization$.MODULE$.withTransportInformation(classic, 
        () -> read(batchBytes, StoreActor.Batch.class));
  }

  @Benchmark
  public byte[] encodeReplies() throws Exception {
    return Serialization$.MODULE$.withTransportInformation(classic, () -> write(replies));
  }

  @Benchmark
  public Object decodeReplies() throws Exception {
    return Serialization$.MODULE$.withTransportInformation(classic, 
        () -> read(repliesBytes, StoreActor.Replies.class));
  }

  private byte[] write(Object message) {
    try {
      return mapper.writeValueAsBytes(message);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private Object read(byte[] bytes, Class<?> type) {
    try {
      return mapper.readValue(bytes, type);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

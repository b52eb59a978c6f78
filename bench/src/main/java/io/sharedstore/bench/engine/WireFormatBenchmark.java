package io.sharedstore.bench.engine;

import io.sharedstore.store.LibraryConfig;
import io.sharedstore.store.protocol.Batch;
import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.Execute;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.Outcome;
import io.sharedstore.store.protocol.Replies;
import io.sharedstore.store.protocol.Reply;
import io.sharedstore.store.protocol.Request;
import org.apache.pekko.pattern.StatusReply;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * Encoding and decoding one {@link Batch} of 50 requests (80 % get, 20 % set of a 100-byte
 * value, as the load generator's mix) and its {@link Replies}, with Pekko's Jackson CBOR mapper:
 * {@code compact} is the store's wire form (the opcode table of {@code io.sharedstore.store.wire});
 * {@code generic} the same operations one per {@link Execute} and the answers as plain {@link
 * Outcome}s, each with its type name and Optional wrappers, as a baseline. Time is per message of 50 requests or 50 answers (for {@code generic}: the 50
 * messages).
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
  private Batch batch;
  private Replies replies;
  @SuppressWarnings("rawtypes")
  private List<Execute> executes;
  private List<Outcome> answers;
  private byte[] batchBytes;
  private byte[] repliesBytes;

  @Setup
  public void setUp() throws Exception {
    system = ActorSystem.create(Behaviors.empty(), "wire-format", LibraryConfig.load());
    classic = (ExtendedActorSystem) Adapter.toClassic(system);
    ObjectMapper pekkoMapper =
        JacksonObjectMapperProvider.get(Adapter.toClassic(system))
            .getOrCreate("jackson-cbor", Optional.empty());
    mapper = pekkoMapper;
    ActorRef<Replies> replyTo =
        Adapter.toTyped(Adapter.toClassic(system).deadLetters());
    SplittableRandom random = new SplittableRandom(42);
    List<Request> requests = new ArrayList<>();
    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      String key = "bench:" + random.nextInt(10_000);
      byte[] value = new byte[100];
      random.nextBytes(value);
      boolean set = random.nextInt(100) < 20;
      requests.add(new Request(1_000_000 + i, set
          ? new Operation.Set(key, Bytes.wrap(value), OptionalLong.empty())
          : new Operation.Get(key)));
      outcomes.add(Outcome.success(1_000_000 + i,
          set ? new Reply.Written(i) : new Reply.Value(Optional.of(Bytes.wrap(value)))));
    }
    batch = new Batch(requests, replyTo);
    replies = new Replies(outcomes);
    ActorRef<StatusReply<Reply>> answerTo =
        Adapter.toTyped(Adapter.toClassic(system).deadLetters());
    executes = requests.stream().map(r -> new Execute(r.operation(), answerTo)).toList();
    answers = outcomes;
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
    return Serialization$.MODULE$.withTransportInformation(classic,
        () -> write(format.equals("compact") ? batch : executes));
  }

  @Benchmark
  public Object decodeBatch() throws Exception {
    return Serialization$.MODULE$.withTransportInformation(classic, 
        () -> read(batchBytes, format.equals("compact") ? Batch.class : Execute[].class));
  }

  @Benchmark
  public byte[] encodeReplies() throws Exception {
    return Serialization$.MODULE$.withTransportInformation(classic,
        () -> write(format.equals("compact") ? replies : answers));
  }

  @Benchmark
  public Object decodeReplies() throws Exception {
    return Serialization$.MODULE$.withTransportInformation(classic, 
        () -> read(repliesBytes, format.equals("compact") ? Replies.class : Outcome[].class));
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

package io.sharedstore.store.wire;

import io.sharedstore.store.protocol.Bytes;
import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.OperationVisitor;
import io.sharedstore.store.protocol.Outcome;
import io.sharedstore.store.protocol.Reply;
import io.sharedstore.store.protocol.WatchEvent;
import java.util.Map;
import java.util.Optional;

/**
 * About how many bytes the protocol's messages take on the wire: the one estimate behind every
 * frame budget (a client's batch, the store's replies, a getAll or setAll against {@code
 * max-value-size}, a scan page). A key counts 3 bytes per char, the most its UTF-8 form can take
 * (a surrogate pair, 2 chars, takes 4), so an estimate is never below the real size; a value
 * counts its bytes.
 *
 * <p>As a visitor of every operation, a new operation does not compile until it has an estimate.
 */
public final class WireSizes implements OperationVisitor<Long> {

  /** What a request costs besides its key and values: opcode, id, CBOR framing. */
  public static final int REQUEST_OVERHEAD = 48;

  /** What an answer costs besides its values: opcode, id, type name, CBOR framing. */
  public static final int OUTCOME_OVERHEAD = 32;

  /**
   * What a watch event costs besides its key and value: its type name, kind, revision, deadline,
   * field names and CBOR framing.
   */
  public static final int EVENT_OVERHEAD = 64;

  private static final WireSizes REQUESTS = new WireSizes();

  private WireSizes() {}

  /**
   * The most bytes a key (or any string) takes in UTF-8.
   *
   * @param key the string
   * @return 3 per char, a bound that needs no encoding
   */
  public static long keyBytes(String key) {
    return 3L * key.length();
  }

  /**
   * A key with a value of {@code valueLength} bytes.
   *
   * @param key the key
   * @param valueLength the value's length, in bytes
   * @return the most bytes both take
   */
  public static long entryBytes(String key, int valueLength) {
    return keyBytes(key) + valueLength;
  }

  /**
   * About how many bytes {@code operation} takes as a request of a batch.
   *
   * @param operation the operation, not null
   * @return the estimate, {@link #REQUEST_OVERHEAD} included
   */
  public static long request(Operation<?> operation) {
    return operation.accept(REQUESTS);
  }

  /**
   * About how many bytes {@code outcome} takes in {@code Replies}.
   *
   * @param outcome the outcome
   * @return the estimate, {@link #OUTCOME_OVERHEAD} included
   */
  public static long outcome(Outcome outcome) {
    if (outcome.error().isPresent()) {
      return OUTCOME_OVERHEAD + keyBytes(outcome.error().get());
    }
    return OUTCOME_OVERHEAD + outcome.reply().map(WireSizes::reply).orElse(0L);
  }

  /**
   * About how many bytes a reply's values and keys take.
   *
   * @param reply the reply
   * @return the estimate, 0 for a reply without values or keys
   */
  public static long reply(Reply reply) {
    if (reply instanceof Reply.Value value) {
      return length(value.bytes());
    }
    if (reply instanceof Reply.Previous previous) {
      return length(previous.value());
    }
    if (reply instanceof Reply.Values values) {
      long bytes = 0;
      for (Map.Entry<String, Bytes> e : values.values().entrySet()) {
        bytes += entryBytes(e.getKey(), e.getValue().length()) + OUTCOME_OVERHEAD;
      }
      return bytes;
    }
    if (reply instanceof Reply.KeyPage page) {
      return page.keys().stream().mapToLong(k -> keyBytes(k) + 2).sum();
    }
    return 0;
  }

  /**
   * About how many bytes {@code event} takes in a {@code WatchEvents} message.
   *
   * @param event the event
   * @return the estimate, {@link #EVENT_OVERHEAD} included
   */
  public static long watchEvent(WatchEvent event) {
    if (event instanceof WatchEvent.KeyEvent key) {
      return EVENT_OVERHEAD + keyBytes(key.key()) + length(key.value());
    }
    return EVENT_OVERHEAD;
  }

  private static long length(Optional<Bytes> value) {
    return value.map(b -> (long) b.length()).orElse(0L);
  }

  private static long key(String key) {
    return REQUEST_OVERHEAD + (key == null ? 0 : keyBytes(key));
  }

  private static long value(Bytes value) {
    return value == null ? 0 : value.length();
  }

  private static long id(Optional<String> requestId) {
    return requestId == null ? 0 : requestId.map(WireSizes::keyBytes).orElse(0L);
  }

  @Override
  public Long visit(Operation.Set set) {
    return key(set.key()) + value(set.value());
  }

  @Override
  public Long visit(Operation.Get get) {
    return key(get.key());
  }

  @Override
  public Long visit(Operation.Has has) {
    return key(has.key());
  }

  @Override
  public Long visit(Operation.Delete delete) {
    return key(delete.key());
  }

  @Override
  public Long visit(Operation.Increment increment) {
    return key(increment.key()) + id(increment.requestId());
  }

  @Override
  public Long visit(Operation.IncrementBounded increment) {
    return key(increment.key()) + id(increment.requestId());
  }

  @Override
  public Long visit(Operation.SetIfAbsent set) {
    return key(set.key()) + value(set.value());
  }

  @Override
  public Long visit(Operation.CompareAndSet cas) {
    return key(cas.key()) + value(cas.value())
        + (cas.expected() == null ? 0 : cas.expected().map(WireSizes::value).orElse(0L));
  }

  @Override
  public Long visit(Operation.DeleteIfEquals delete) {
    return key(delete.key()) + value(delete.expected());
  }

  @Override
  public Long visit(Operation.GetAndDelete getAndDelete) {
    return key(getAndDelete.key());
  }

  @Override
  public Long visit(Operation.GetAndSet set) {
    return key(set.key()) + value(set.value());
  }

  @Override
  public Long visit(Operation.Expire expire) {
    return key(expire.key());
  }

  @Override
  public Long visit(Operation.Persist persist) {
    return key(persist.key());
  }

  @Override
  public Long visit(Operation.GetTtl getTtl) {
    return key(getTtl.key());
  }

  @Override
  public Long visit(Operation.Scan scan) {
    return key(scan.glob()) + (scan.cursor() == null ? 0 : keyBytes(scan.cursor()));
  }

  @Override
  public Long visit(Operation.GetAll getAll) {
    long bytes = REQUEST_OVERHEAD;
    if (getAll.keys() != null) {
      for (String k : getAll.keys()) {
        bytes += key(k);
      }
    }
    return bytes;
  }

  @Override
  public Long visit(Operation.SetAll setAll) {
    long bytes = REQUEST_OVERHEAD;
    if (setAll.entries() != null) {
      for (Map.Entry<String, Bytes> e : setAll.entries().entrySet()) {
        bytes += key(e.getKey()) + value(e.getValue());
      }
    }
    return bytes;
  }

  @Override
  public Long visit(Operation.GetStats getStats) {
    return (long) REQUEST_OVERHEAD;
  }

  @Override
  public Long visit(Operation.GetInfo getInfo) {
    return (long) REQUEST_OVERHEAD;
  }

  @Override
  public Long visit(Operation.Echo echo) {
    return (long) REQUEST_OVERHEAD;
  }

  @Override
  public Long visit(Operation.Size size) {
    return (long) REQUEST_OVERHEAD;
  }

  @Override
  public Long visit(Operation.DeleteAll deleteAll) {
    return key(deleteAll.glob());
  }
}

package io.sharedstore.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the watch tests' JVMs wrote down, read back and checked: the events a {@link
 * WatchWatcher} received and the calls a {@link WatchWriter} completed.
 */
final class WatchRecords {

  /** The keys the writers write; other keys (sentinels) only mark progress. */
  static final String DATA_PREFIX = "k:";

  private static final int SHOWN = 10;

  private WatchRecords() {}

  /**
   * One event as a watcher wrote it.
   *
   * @param kind {@code C} changed, {@code D} deleted, {@code X} expired, {@code R} reset
   * @param revision its revision
   * @param key the key, or for a reset its reason
   * @param value the value of a change, else null
   */
  record Event(char kind, long revision, String key, String value) {
    boolean isReset() {
      return kind == 'R';
    }

    boolean isData() {
      return !isReset() && key.startsWith(DATA_PREFIX);
    }
  }

  /**
   * One call a writer completed.
   *
   * @param delete a delete, else a set
   * @param status {@code A} acknowledged, {@code U} outcome unknown, {@code F} surely not applied
   * @param writer the writer's id
   * @param chain its chain
   * @param seq the call's number in the chain
   * @param key the key
   * @param tail a set's value; a delete's answer ({@code true}, {@code false}, {@code ?})
   */
  record Op(boolean delete, char status, int writer, int chain, long seq, String key,
      String tail) {}

  /** The events in a watcher's file, in the order it received them. */
  static List<Event> events(Path file) throws IOException {
    List<Event> events = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String[] parts = line.split(" ", 4);
      char kind = parts[0].charAt(0);
      events.add(new Event(kind, Long.parseLong(parts[1]), parts[2],
          kind == 'C' ? parts[3] : null));
    }
    return events;
  }

  /** The calls in a writer's file, which must be complete (end with {@code END}). */
  static List<Op> ops(Path file, int writer) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertTrue(!lines.isEmpty() && lines.get(lines.size() - 1).equals("END"),
        file + " does not end with END: the writer did not finish");
    List<Op> ops = new ArrayList<>();
    for (String line : lines.subList(0, lines.size() - 1)) {
      String[] p = line.split(" ", 6);
      ops.add(new Op(p[0].equals("DEL"), p[1].charAt(0), writer, Integer.parseInt(p[2]),
          Long.parseLong(p[3]), p[4], p[5]));
    }
    return ops;
  }

  /**
   * Checks that a watch of {@code *} got every revision after {@code startedAfter} once, in
   * order, with nothing missing: each change the one after the last (every change of the store
   * matches {@code *}, and each takes the next revision). A reset says where the watch goes on:
   * its revision is at or after the last one delivered (for {@code EPOCH_CHANGED}, the new
   * store's revision), and the next change is the one after it.
   */
  static void assertContiguous(String who, long startedAfter, List<Event> events) {
    long last = startedAfter;
    for (int i = 0; i < events.size(); i++) {
      Event event = events.get(i);
      if (event.isReset()) {
        if (!event.key().equals("EPOCH_CHANGED")) {
          assertTrue(event.revision() >= last, who + ": reset " + event + " after revision "
              + last + " at event " + i + around(events, i));
        }
      } else {
        assertEquals(last + 1, event.revision(), who + ": event " + i + " " + event
            + " does not follow revision " + last + around(events, i));
      }
      last = event.revision();
    }
  }

  /**
   * Checks the watcher's data events against what the writers did: every acknowledged set
   * appears exactly once, on its key; a set of unknown outcome at most once; a set that surely
   * failed never; no value appears that no writer wrote. Deletes, which carry no value, are
   * counted per key: at least the acknowledged deletes that removed the key, at most those plus
   * the deletes of unknown outcome. Each chain's acknowledged sets appear in the chain's order.
   * No key expires (no writer sets a TTL).
   */
  static void assertEveryWriteOnce(String who, List<Event> events, List<Op> ops) {
    Map<String, List<Event>> byValue = new HashMap<>();
    Map<String, Integer> deletes = new HashMap<>();
    for (Event event : events) {
      if (!event.isData()) {
        continue;
      }
      switch (event.kind()) {
        case 'C' -> byValue.computeIfAbsent(event.value(), v -> new ArrayList<>()).add(event);
        case 'D' -> deletes.merge(event.key(), 1, Integer::sum);
        default -> throw new AssertionError(who + ": unexpected event " + event);
      }
    }
    Map<String, Op> setsByValue = new HashMap<>();
    Map<String, int[]> deletesByKey = new HashMap<>(); // [acknowledged true, unknown]
    Map<String, Long> lastRevisionOfChain = new HashMap<>();
    List<String> problems = new ArrayList<>();
    for (Op op : ops) {
      if (op.delete()) {
        int[] counts = deletesByKey.computeIfAbsent(op.key(), k -> new int[2]);
        if (op.status() == 'A' && op.tail().equals("true")) {
          counts[0]++;
        } else if (op.status() == 'U') {
          counts[1]++;
        }
        continue;
      }
      setsByValue.put(op.tail(), op);
      List<Event> seen = byValue.getOrDefault(op.tail(), List.of());
      int allowedMin = op.status() == 'A' ? 1 : 0;
      int allowedMax = op.status() == 'F' ? 0 : 1;
      if (seen.size() < allowedMin || seen.size() > allowedMax) {
        problems.add(op + " seen " + seen.size() + " times: " + seen);
      } else if (seen.size() == 1 && !seen.get(0).key().equals(op.key())) {
        problems.add(op + " seen on another key: " + seen);
      }
      if (op.status() == 'A' && seen.size() == 1) {
        String chain = op.writer() + "/" + op.chain();
        Long before = lastRevisionOfChain.put(chain, seen.get(0).revision());
        if (before != null && before >= seen.get(0).revision()) {
          problems.add(op + " (revision " + seen.get(0).revision()
              + ") not after its chain's previous acknowledged set (revision " + before + ")");
        }
      }
    }
    for (Map.Entry<String, List<Event>> seen : byValue.entrySet()) {
      if (!setsByValue.containsKey(seen.getKey())) {
        problems.add("no writer wrote the value of " + seen.getValue());
      }
    }
    for (Map.Entry<String, int[]> counted : deletesByKey.entrySet()) {
      int seen = deletes.getOrDefault(counted.getKey(), 0);
      int[] c = counted.getValue();
      if (seen < c[0] || seen > c[0] + c[1]) {
        problems.add(counted.getKey() + ": " + seen + " Deleted events for " + c[0]
            + " acknowledged deletes that removed it and " + c[1] + " of unknown outcome");
      }
    }
    for (String key : deletes.keySet()) {
      if (!deletesByKey.containsKey(key)) {
        problems.add(key + ": Deleted events but no writer deleted it");
      }
    }
    assertTrue(problems.isEmpty(), who + ": " + problems.size() + " problems, the first: "
        + problems.subList(0, Math.min(SHOWN, problems.size())));
  }

  /** The data keys and values that replaying {@code events} in order leaves. */
  static Map<String, String> replay(List<Event> events) {
    Map<String, String> state = new TreeMap<>();
    for (Event event : events) {
      if (event.isData()) {
        if (event.kind() == 'C') {
          state.put(event.key(), event.value());
        } else {
          state.remove(event.key());
        }
      }
    }
    return state;
  }

  /** The events before the first reset of {@code reason}, or all if there is none. */
  static List<Event> beforeReset(List<Event> events, String reason) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).isReset() && events.get(i).key().equals(reason)) {
        return events.subList(0, i);
      }
    }
    return events;
  }

  static List<Event> resets(List<Event> events) {
    return events.stream().filter(Event::isReset).toList();
  }

  /**
   * For a failure message: how many events a watcher wrote, its resets, the first place a
   * revision does not follow the one before, and its last events.
   */
  static String summary(Path file) {
    try {
      List<Event> events = events(file);
      String firstJump = "none";
      for (int i = 1; i < events.size(); i++) {
        if (!events.get(i).isReset() && !events.get(i - 1).isReset()
            && events.get(i).revision() != events.get(i - 1).revision() + 1) {
          firstJump = "at event " + i + around(events, i);
          break;
        }
      }
      return file.getFileName() + ": " + events.size() + " events, resets " + resets(events)
          + ", first jump in revisions " + firstJump + ", last "
          + events.subList(Math.max(0, events.size() - 3), events.size());
    } catch (IOException | RuntimeException e) {
      return file + " unreadable: " + e;
    }
  }

  private static String around(List<Event> events, int i) {
    return "; around it: " + events.subList(Math.max(0, i - 3), Math.min(events.size(), i + 3));
  }
}

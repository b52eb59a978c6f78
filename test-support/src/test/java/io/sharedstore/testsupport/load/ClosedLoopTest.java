package io.sharedstore.testsupport.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The loop's bounds, stops and failure handling, driven by futures the test completes itself:
 * nothing here depends on timing (the waits are upper bounds for a broken loop, never pauses).
 */
class ClosedLoopTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void chainsKeepExactlyTheirCallsInFlightAndIssueTheNextFromTheCompletion() throws Exception {
    BlockingQueue<CompletableFuture<Long>> inFlight = new LinkedBlockingQueue<>();
    ClosedLoop<Long> loop =
        ClosedLoop.<Long>of(Callers.chained(3), (lane, sequence) -> {
              CompletableFuture<Long> call = new CompletableFuture<>();
              inFlight.add(call);
              return call;
            })
            .callsPerLane(lane -> 4)
            .start();
    // Each chain issued its first call at start, and nothing more before a completion.
    assertEquals(3, inFlight.size());
    for (int completedSoFar = 0; completedSoFar < 12; completedSoFar++) {
      CompletableFuture<Long> next = inFlight.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      next.complete(1L);
      int left = 12 - completedSoFar - 1;
      assertEquals(Math.min(3, left), inFlight.size(), "after " + (completedSoFar + 1));
    }
    assertTrue(loop.awaitDone(WAIT));
    assertEquals(12, loop.completed());
    assertEquals(0, loop.failed());
  }

  @Test
  void callsThatCompleteAtOnceDoNotRecurse() throws Exception {
    ClosedLoop<Long> loop =
        ClosedLoop.<Long>of(Callers.chained(1),
                (lane, sequence) -> CompletableFuture.failedFuture(new IllegalStateException("down")))
            .callsPerLane(lane -> 200_000)
            .start();
    assertTrue(loop.awaitDone(WAIT));
    assertEquals(200_000, loop.failed());
  }

  @Test
  void threadsNeverHaveMoreThanTheirShareInFlight() throws Exception {
    Callers callers = Callers.threads(3, 10); // 4, 3, 3
    int[] inFlight = new int[3];
    int[] most = new int[3];
    BlockingQueue<Runnable> completions = new LinkedBlockingQueue<>();
    Set<String> threads = ConcurrentHashMap.newKeySet();
    CountDownLatch firstTen = new CountDownLatch(10);
    ClosedLoop<Integer> loop =
        ClosedLoop.<Integer>of(callers, (lane, sequence) -> {
              threads.add(Thread.currentThread().getName());
              CompletableFuture<Integer> call = new CompletableFuture<>();
              synchronized (inFlight) {
                inFlight[lane]++;
                most[lane] = Math.max(most[lane], inFlight[lane]);
              }
              firstTen.countDown(); // after counting the call in flight, which the test reads
              completions.add(() -> {
                synchronized (inFlight) {
                  inFlight[lane]--;
                }
                call.complete(lane);
              });
              return call;
            })
            .callsPerLane(lane -> 50)
            .threadName("caller")
            .start();
    // Nothing completes before the threads have filled their shares, and then they block.
    assertTrue(firstTen.await(WAIT.toSeconds(), TimeUnit.SECONDS));
    synchronized (inFlight) {
      assertEquals(List.of(4, 3, 3), List.of(inFlight[0], inFlight[1], inFlight[2]));
    }
    for (int i = 0; i < 150; i++) {
      completions.poll(WAIT.toSeconds(), TimeUnit.SECONDS).run();
    }
    assertTrue(loop.awaitDone(WAIT));
    assertEquals(150, loop.completed());
    assertEquals(List.of(4, 3, 3), List.of(most[0], most[1], most[2]),
        "the most calls each thread had in flight");
    assertEquals(Set.of("caller-0", "caller-1", "caller-2"), threads);
  }

  @Test
  void aCallThatThrowsEndsItsLaneAndIsReported() throws Exception {
    AtomicInteger reported = new AtomicInteger();
    ClosedLoop<Long> loop =
        ClosedLoop.<Long>of(Callers.blockingThreads(2, Duration.ZERO), (lane, sequence) -> {
              if (lane == 1 && sequence == 2) {
                throw new IllegalArgumentException("bad key");
              }
              return CompletableFuture.completedFuture(sequence);
            })
            .callsPerLane(lane -> 5)
            .onCompletion((lane, sequence, start, result, failure) -> {
              if (failure != null) {
                reported.incrementAndGet();
              }
            })
            .start();
    assertTrue(loop.awaitDone(WAIT));
    assertEquals(5 + 2, loop.completed());
    assertEquals(1, loop.failed());
    assertEquals(1, reported.get());
    assertInstanceOf(IllegalArgumentException.class, loop.firstFailure().orElseThrow());
  }

  @Test
  void stopOnFailureEndsEveryLane() throws Exception {
    ClosedLoop<Long> loop =
        ClosedLoop.<Long>of(Callers.chained(4), (lane, sequence) ->
                sequence == 10 && lane == 0
                    ? CompletableFuture.failedFuture(new IllegalStateException("lost"))
                    : CompletableFuture.completedFuture(sequence))
            .stopOnFailure()
            .start();
    // Chain 0 runs first (its calls complete at once) and fails at its 11th call; the other
    // chains, started after it, find the load stopped. Unlimited, it ends.
    assertTrue(loop.awaitDone(WAIT), "an unlimited load ended at its first failure");
    assertEquals(1, loop.failed());
    assertEquals(10, loop.completed());
  }

  @Test
  void aDeadlineInThePastIssuesNothing() throws Exception {
    ClosedLoop<Long> loop =
        ClosedLoop.<Long>of(Callers.blockingThreads(2, Duration.ZERO),
                (lane, sequence) -> CompletableFuture.completedFuture(sequence))
            .until(System.currentTimeMillis() - 1)
            .start();
    assertTrue(loop.awaitDone(WAIT));
    assertEquals(0, loop.completed());
  }

  @Test
  void aThreadWhoseCallsNeverCompleteGivesUpInsteadOfHanging() throws Exception {
    ClosedLoop<Long> loop =
        ClosedLoop.<Long>of(Callers.blockingThreads(1, Duration.ZERO),
                (lane, sequence) -> new CompletableFuture<>())
            .stallTimeout(Duration.ofMillis(1))
            .start();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (loop.stall().isEmpty() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertTrue(loop.stall().orElseThrow().contains("no call completed"));
    assertFalse(loop.isDone(), "a lane with a call in flight has not ended");
  }

  @Test
  void sharesSplitEvenlyLargerFirst() {
    assertEquals(List.of(17, 17, 16),
        List.of(Callers.share(50, 3, 0), Callers.share(50, 3, 1), Callers.share(50, 3, 2)));
    assertThrows(IllegalArgumentException.class, () -> Callers.threads(4, 3));
    assertThrows(IllegalArgumentException.class, () -> Callers.chained(0));
  }
}

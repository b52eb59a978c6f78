package io.sharedstore.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * One redis-server connection in subscribe mode for {@link WatchFanout}: {@code PSUBSCRIBE
 * pattern}, then a thread of its own reads the pushed messages as fast as they come and counts
 * the {@code pmessage} ones. If Redis drops the connection (its {@code client-output-buffer-limit
 * pubsub} disconnects a subscriber that falls behind, losing what it had not sent) {@link
 * #disconnected()} says so.
 */
final class RedisSubscriber implements AutoCloseable {

  private static final byte[] PMESSAGE = "pmessage".getBytes(StandardCharsets.US_ASCII);

  private final Socket socket;
  private final Thread reader;
  private final LongAdder messages = new LongAdder();
  private final AtomicReference<String> disconnected = new AtomicReference<>();
  private volatile boolean closing;

  private RedisSubscriber(Socket socket, String name) {
    this.socket = socket;
    this.reader = new Thread(this::read, name);
    this.reader.setDaemon(true);
  }

  /** Connects to 127.0.0.1:{@code port}, subscribes to {@code pattern} and starts reading. */
  static RedisSubscriber start(int port, String pattern, String name) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setTcpNoDelay(true);
    RedisSubscriber subscriber = new RedisSubscriber(socket, name);
    OutputStream out = socket.getOutputStream();
    out.write(RespConnection.encode("PSUBSCRIBE", pattern));
    out.flush();
    subscriber.reader.start();
    return subscriber;
  }

  /** The {@code pmessage} pushes read so far. */
  long messages() {
    return messages.sum();
  }

  /** Why the connection ended before {@link #close()}, if it did. */
  java.util.Optional<String> disconnected() {
    return java.util.Optional.ofNullable(disconnected.get());
  }

  private void read() {
    try (InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024)) {
      byte[] first = new byte[PMESSAGE.length];
      while (true) {
        expect(in, '*');
        int elements = (int) number(in);
        for (int i = 0; i < elements; i++) {
          int type = in.read();
          if (type == ':') {
            number(in);
            continue;
          }
          if (type != '$') {
            throw new IOException("unexpected RESP type " + type + " in a push");
          }
          int length = (int) number(in);
          if (i == 0 && length == PMESSAGE.length) {
            if (in.readNBytes(first, 0, length) < length) {
              throw new IOException("end of stream");
            }
            if (java.util.Arrays.equals(first, PMESSAGE)) {
              messages.increment();
            }
          } else {
            in.skipNBytes(length);
          }
          expect(in, '\r');
          expect(in, '\n');
        }
      }
    } catch (IOException | RuntimeException e) {
      if (!closing) {
        disconnected.compareAndSet(null, e.toString());
      }
    }
  }

  private static void expect(InputStream in, int wanted) throws IOException {
    int b = in.read();
    if (b != wanted) {
      throw new IOException(b < 0 ? "redis-server closed the connection"
          : "expected " + (char) wanted + ", read " + (char) b);
    }
  }

  /** A RESP number up to its CRLF. */
  private static long number(InputStream in) throws IOException {
    long value = 0;
    boolean negative = false;
    int b;
    while ((b = in.read()) != '\r') {
      if (b < 0) {
        throw new IOException("redis-server closed the connection");
      }
      if (b == '-') {
        negative = true;
      } else {
        value = value * 10 + (b - '0');
      }
    }
    expect(in, '\n');
    return negative ? -value : value;
  }

  @Override
  public void close() throws IOException {
    closing = true;
    socket.close();
  }
}

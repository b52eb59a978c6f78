package io.sharedstore.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One connection to a redis-server speaking RESP, enough for {@code startup-run}: a command out,
 * its reply back as bytes (bulk string), text (simple string, error, integer) or null (nil). An
 * error reply (e.g. {@code -LOADING}) is answered as a {@link Reply} with {@code error} set, not
 * thrown: while Redis loads its data, most commands answer that.
 */
final class RespConnection implements AutoCloseable {

  /** A reply: its payload (null for nil) and whether Redis answered with an error. */
  record Reply(byte[] payload, boolean error) {
    String text() {
      return payload == null ? null : new String(payload, StandardCharsets.UTF_8);
    }
  }

  private static final byte[] CRLF = {'\r', '\n'};

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RespConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = new BufferedOutputStream(socket.getOutputStream());
  }

  /** Connects to 127.0.0.1:{@code port}, each read bounded by {@code timeoutMillis}. */
  static RespConnection open(int port, int timeoutMillis) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      socket.setTcpNoDelay(true);
      return new RespConnection(socket);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /** Sends one command and reads its reply (arrays are not needed and refused). */
  Reply call(String... command) throws IOException {
    out.write(encode(command));
    out.flush();
    return read();
  }

  /** The RESP array of bulk strings for {@code command}. */
  static byte[] encode(String... command) {
    byte[][] parts = new byte[command.length][];
    for (int i = 0; i < command.length; i++) {
      parts[i] = command[i].getBytes(StandardCharsets.UTF_8);
    }
    return encode(parts);
  }

  /** The RESP array of bulk strings for {@code command}, binary-safe. */
  static byte[] encode(byte[]... command) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(("*" + command.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (byte[] part : command) {
      bytes.writeBytes(("$" + part.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      bytes.writeBytes(part);
      bytes.writeBytes(CRLF);
    }
    return bytes.toByteArray();
  }

  private Reply read() throws IOException {
    int type = in.read();
    if (type < 0) {
      throw new IOException("redis-server closed the connection");
    }
    String line = readLine();
    switch (type) {
      case '+', ':' -> {
        return new Reply(line.getBytes(StandardCharsets.UTF_8), false);
      }
      case '-' -> {
        return new Reply(line.getBytes(StandardCharsets.UTF_8), true);
      }
      case '$' -> {
        int length = Integer.parseInt(line);
        if (length < 0) {
          return new Reply(null, false);
        }
        byte[] payload = in.readNBytes(length);
        if (payload.length < length || in.read() != '\r' || in.read() != '\n') {
          throw new IOException("redis-server's bulk reply was cut short");
        }
        return new Reply(payload, false);
      }
      default -> throw new IOException("unexpected RESP reply type " + (char) type);
    }
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\r') {
        if (in.read() != '\n') {
          throw new IOException("RESP line without LF after CR");
        }
        return line.toString(StandardCharsets.UTF_8);
      }
      line.write(b);
    }
    throw new IOException("redis-server closed the connection mid-reply");
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}

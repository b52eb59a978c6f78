package io.sharedstore.systemtests;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs mounted on a fresh directory for the tests of a real full disk: only where the
 * test runs as root and {@code mount -t tmpfs} works; otherwise {@link #mount} aborts the test
 * with the reason. {@link #close()} unmounts it and removes the directory.
 */
final class SmallTmpfs implements AutoCloseable {

  private static final long COMMAND_SECONDS = 30;
  private static final int FILL_CHUNK = 64 * 1024;

  private final Path dir;

  private SmallTmpfs(Path dir) {
    this.dir = dir;
  }

  /**
   * Mounts a tmpfs of {@code megabytes} MiB on a new directory under the system's temp directory.
   *
   * <p>Aborts the test ({@link Assumptions#abort}: it is skipped, with the reason) if it does not
   * run as root or the mount fails.
   */
  static SmallTmpfs mount(int megabytes) throws IOException, InterruptedException {
    Result uid = run(List.of("id", "-u"));
    if (uid.exit != 0 || !uid.output.strip().equals("0")) {
      return Assumptions.abort("a real full disk needs a tmpfs mount, which needs root;"
          + " this test runs as uid " + uid.output.strip() + ": skipped");
    }
    Path dir = Files.createTempDirectory("shared-store-full-disk").toRealPath();
    Result mount =
        run(List.of("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs",
            dir.toString()));
    if (mount.exit != 0) {
      Files.deleteIfExists(dir);
      return Assumptions.abort("mount -t tmpfs failed (exit " + mount.exit + ": "
          + mount.output.strip() + "), so no small disk can be filled: skipped");
    }
    return new SmallTmpfs(dir);
  }

  Path dir() {
    return dir;
  }

  /**
   * Writes {@code file} until the tmpfs has no room left (the write fails) and keeps it.
   *
   * @return the bytes written
   */
  long fill(Path file) throws IOException {
    byte[] chunk = new byte[FILL_CHUNK];
    long written = 0;
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int size = FILL_CHUNK; size > 0; ) {
        try {
          out.write(chunk, 0, size);
          out.flush();
          written += size;
        } catch (IOException full) {
          size /= 2; // fill the last partial chunk too, down to a byte
        }
      }
    } catch (IOException closing) {
      // closing flushes nothing more: everything was written or refused above
    }
    return written;
  }

  /** Unmounts the tmpfs (lazily if it is still busy) and removes its directory. */
  @Override
  public void close() throws IOException, InterruptedException {
    Result umount = run(List.of("umount", dir.toString()));
    if (umount.exit != 0) {
      Result lazy = run(List.of("umount", "-l", dir.toString()));
      if (lazy.exit != 0) {
        throw new IOException("could not unmount " + dir + ": " + umount.output.strip() + "; "
            + lazy.output.strip());
      }
    }
    Files.deleteIfExists(dir);
  }

  private record Result(int exit, String output) {}

  private static Result run(List<String> command) throws IOException, InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
    } catch (IOException e) {
      return new Result(-1, command.get(0) + " cannot run: " + e.getMessage());
    }
    process.getOutputStream().close();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return new Result(-1, String.join(" ", command) + " did not finish");
    }
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}

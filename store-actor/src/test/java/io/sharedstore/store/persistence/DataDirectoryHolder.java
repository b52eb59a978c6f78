package io.sharedstore.store.persistence;

import java.nio.file.Path;

/**
 * A process that holds a data directory for {@link DataDirectoryTest}: opens the directory
 * named by its argument, prints {@code held}, and releases it when its standard input ends.
 */
final class DataDirectoryHolder {

  private DataDirectoryHolder() {}

  public static void main(String[] args) throws Exception {
    try (DataDirectory held = DataDirectory.open(Path.of(args[0]))) {
      System.out.println("held " + ProcessHandle.current().pid() + " " + held.path());
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait for the test to close our input
      }
    }
  }
}

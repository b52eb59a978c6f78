package io.sharedstore.testsupport;

/**
 * A JVM that starts a PostgreSQL server, prints where it is and waits to be stopped without ever
 * closing it: only {@link PostgresServer}'s shutdown hook can stop it.
 */
final class PostgresServerInChildJvm {

  private PostgresServerInChildJvm() {}

  public static void main(String[] args) throws InterruptedException {
    PostgresServer postgres = PostgresServer.start();
    System.out.println("started port=" + postgres.port() + " directory=" + postgres.directory());
    Thread.sleep(Long.MAX_VALUE);
  }
}

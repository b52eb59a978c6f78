package io.sharedstore.store.protocol;

/**
 * The name of each operation (as logs, refusals and the wire's type names show it) and the key or
 * glob it names. A visitor, so a new operation does not compile without its name.
 */
public final class OperationNames implements OperationVisitor<String[]> {

  private static final OperationNames NAMES = new OperationNames();

  private OperationNames() {}

  /**
   * The operation's name, e.g. {@code set} or {@code ttl} (for {@link Operation.GetTtl}).
   *
   * @param operation the operation, or null
   * @return its name, {@code "null"} for null
   */
  public static String name(Operation<?> operation) {
    return operation == null ? "null" : operation.accept(NAMES)[0];
  }

  /**
   * The key or glob the operation names, {@code ""} if none (or null).
   *
   * @param operation the operation, or null
   * @return its key (or its glob, for scan and deleteAll), {@code ""} for an operation without
   *     one (getAll, setAll, stats, size), a null key or a null operation
   */
  public static String subject(Operation<?> operation) {
    String subject = operation == null ? null : operation.accept(NAMES)[1];
    return subject == null ? "" : subject;
  }

  @Override
  public String[] visit(Operation.Set operation) {
    return new String[] {"set", operation.key()};
  }

  @Override
  public String[] visit(Operation.Get operation) {
    return new String[] {"get", operation.key()};
  }

  @Override
  public String[] visit(Operation.Has operation) {
    return new String[] {"has", operation.key()};
  }

  @Override
  public String[] visit(Operation.Delete operation) {
    return new String[] {"delete", operation.key()};
  }

  @Override
  public String[] visit(Operation.Increment operation) {
    return new String[] {"increment", operation.key()};
  }

  @Override
  public String[] visit(Operation.IncrementBounded operation) {
    return new String[] {"incrementBounded", operation.key()};
  }

  @Override
  public String[] visit(Operation.SetIfAbsent operation) {
    return new String[] {"setIfAbsent", operation.key()};
  }

  @Override
  public String[] visit(Operation.CompareAndSet operation) {
    return new String[] {"compareAndSet", operation.key()};
  }

  @Override
  public String[] visit(Operation.DeleteIfEquals operation) {
    return new String[] {"deleteIfEquals", operation.key()};
  }

  @Override
  public String[] visit(Operation.GetAndDelete operation) {
    return new String[] {"getAndDelete", operation.key()};
  }

  @Override
  public String[] visit(Operation.GetAndSet operation) {
    return new String[] {"getAndSet", operation.key()};
  }

  @Override
  public String[] visit(Operation.Expire operation) {
    return new String[] {"expire", operation.key()};
  }

  @Override
  public String[] visit(Operation.Persist operation) {
    return new String[] {"persist", operation.key()};
  }

  @Override
  public String[] visit(Operation.GetTtl operation) {
    return new String[] {"ttl", operation.key()};
  }

  @Override
  public String[] visit(Operation.Scan operation) {
    return new String[] {"scan", operation.glob()};
  }

  @Override
  public String[] visit(Operation.GetAll operation) {
    return new String[] {"getAll", ""};
  }

  @Override
  public String[] visit(Operation.SetAll operation) {
    return new String[] {"setAll", ""};
  }

  @Override
  public String[] visit(Operation.GetStats operation) {
    return new String[] {"stats", ""};
  }

  @Override
  public String[] visit(Operation.GetInfo operation) {
    return new String[] {"info", ""};
  }

  @Override
  public String[] visit(Operation.Echo operation) {
    return new String[] {"echo", ""};
  }

  @Override
  public String[] visit(Operation.Size operation) {
    return new String[] {"size", ""};
  }

  @Override
  public String[] visit(Operation.DeleteAll operation) {
    return new String[] {"deleteAll", operation.glob()};
  }
}

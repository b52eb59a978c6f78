package io.sharedstore.bench;

import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.random.RandomGenerator;

/**
 * The share of each operation in the load, from {@code --mix get:80,set:15,increment:5}: integer
 * weights, which need not add up to 100.
 */
final class OperationMix {

  private final EnumMap<Operation, Integer> weights;
  private final Operation[] byTicket;

  private OperationMix(EnumMap<Operation, Integer> weights) {
    this.weights = weights;
    int total = weights.values().stream().mapToInt(Integer::intValue).sum();
    this.byTicket = new Operation[total];
    int next = 0;
    for (Map.Entry<Operation, Integer> weight : weights.entrySet()) {
      for (int i = 0; i < weight.getValue(); i++) {
        byTicket[next++] = weight.getKey();
      }
    }
  }

  /**
   * Reads {@code op:weight,op:weight...}.
   *
   * @throws IllegalArgumentException on an unknown operation, a repeated one, a weight outside
   *     0..1000 or no positive weight at all
   */
  static OperationMix parse(String text) {
    EnumMap<Operation, Integer> weights = new EnumMap<>(Operation.class);
    for (String part : text.split(",")) {
      String[] nameAndWeight = part.trim().split(":");
      if (nameAndWeight.length != 2) {
        throw new IllegalArgumentException(
            "--mix wants op:weight,op:weight (e.g. get:80,set:20), was " + text);
      }
      Operation operation = Operation.named(nameAndWeight[0].trim());
      int weight;
      try {
        weight = Integer.parseInt(nameAndWeight[1].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--mix: weight of " + operation.flagName()
            + " must be a number, was " + nameAndWeight[1], e);
      }
      if (weight < 0 || weight > 1000) {
        throw new IllegalArgumentException("--mix: weight of " + operation.flagName()
            + " must be in 0..1000, was " + weight);
      }
      if (weights.put(operation, weight) != null) {
        throw new IllegalArgumentException("--mix names " + operation.flagName() + " twice");
      }
    }
    weights.values().removeIf(weight -> weight == 0);
    if (weights.isEmpty()) {
      throw new IllegalArgumentException("--mix needs at least one positive weight: " + text);
    }
    return new OperationMix(weights);
  }

  /** An operation drawn with the mix's probabilities. */
  Operation pick(RandomGenerator random) {
    return byTicket[random.nextInt(byTicket.length)];
  }

  /** The operations with a positive weight, in declaration order. */
  Iterable<Operation> operations() {
    return weights.keySet();
  }

  /** The share of an operation, 0..1. */
  double share(Operation operation) {
    return (double) weights.getOrDefault(operation, 0) / byTicket.length;
  }

  boolean includes(Operation operation) {
    return weights.containsKey(operation);
  }

  /** The flag's form, e.g. {@code get:80,set:20}. */
  @Override
  public String toString() {
    StringJoiner text = new StringJoiner(",");
    weights.forEach((operation, weight) -> text.add(operation.flagName() + ":" + weight));
    return text.toString();
  }
}

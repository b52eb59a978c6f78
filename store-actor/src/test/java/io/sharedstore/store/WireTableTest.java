package io.sharedstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.store.protocol.Operation;
import io.sharedstore.store.protocol.OperationNames;
import io.sharedstore.store.protocol.Reply;
import io.sharedstore.store.wire.Opcode;
import io.sharedstore.store.wire.StoreWireModule;
import io.sharedstore.store.wire.WireSizes;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The opcode table maps operation types and codes one to one, and agrees with the names. */
class WireTableTest {

  @Test
  void everyOperationTypeHasExactlyOneOpcodeWithADistinctCodeAndName() {
    List<Opcode> opcodes = List.of(Opcode.values());
    assertEquals(opcodes.size(), opcodes.stream().map(Opcode::type).distinct().count());
    assertEquals(opcodes.size(), opcodes.stream().map(Opcode::code).distinct().count());
    assertEquals(opcodes.size(), opcodes.stream().map(Opcode::typeName).distinct().count());
    assertTrue(opcodes.stream().allMatch(o -> o.code() != Opcode.GENERIC));
    Set<Class<?>> sampled = new HashSet<>();
    for (Operation<?> operation : ProtocolSerializationTest.operations()) {
      Opcode opcode = Opcode.of(operation);
      assertEquals(opcode.type(), operation.getClass());
      assertEquals(opcode.typeName(), OperationNames.name(operation), "one name per operation");
      assertTrue(WireSizes.request(operation) >= WireSizes.REQUEST_OVERHEAD);
      sampled.add(operation.getClass());
    }
    assertEquals(sampled, opcodes.stream().map(Opcode::type).collect(Collectors.toSet()));
  }

  @Test
  void everyReplyTypeHasExactlyOneName() {
    assertEquals(
        Set.copyOf(Arrays.asList(Reply.class.getPermittedSubclasses())),
        StoreWireModule.REPLY_NAMES.stream().map(n -> n.getType()).collect(Collectors.toSet()));
    assertEquals(StoreWireModule.REPLY_NAMES.size(),
        StoreWireModule.REPLY_NAMES.stream().map(n -> n.getName()).distinct().count());
  }
}

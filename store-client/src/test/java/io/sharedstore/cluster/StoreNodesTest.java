package io.sharedstore.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sharedstore.store.ManagerAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The list of store node addresses a client is given: parsed, or refused naming the entry. */
class StoreNodesTest {

  @Test
  void parsesOneOrSeveralAddressesInOrder() {
    assertEquals(List.of(new ManagerAddress("127.0.0.1", 17355)),
        StoreNodes.parse("127.0.0.1:17355"));
    assertEquals(
        List.of(new ManagerAddress("h1", 1), new ManagerAddress("::1", 2),
            new ManagerAddress("h3", 3)),
        StoreNodes.parse("h1:1, [::1]:2 ,h3:3"));
  }

  @Test
  void anEmptyEntryIsRefusedWithItsPosition() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> StoreNodes.parse("h1:1,,h3:3"));
    assertTrue(e.getMessage().contains("store node address 2 of [h1:1,,h3:3] is empty"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> StoreNodes.parse("h1:1,"));
    assertThrows(IllegalArgumentException.class, () -> StoreNodes.parse(""));
  }

  @Test
  void aBadEntryIsNamed() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> StoreNodes.parse("h1:1,h2:x"));
    assertTrue(e.getMessage().contains("store node address 2 of [h1:1,h2:x], [h2:x], is not"
        + " HOST:PORT"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> StoreNodes.parse("h1:1,h2:70000"));
    assertTrue(e.getMessage().contains("[h2:70000]") && e.getMessage().contains("1..65535"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> StoreNodes.parse("nohost,h2:2"));
    assertTrue(e.getMessage().contains("address 1") && e.getMessage().contains("[nohost]"),
        e.getMessage());
  }

  @Test
  void aDuplicateIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> StoreNodes.parse("h:1,h:2, h:1"));
    assertTrue(e.getMessage().contains("address 3") && e.getMessage().contains("listed twice"),
        e.getMessage());
  }

  @Test
  void theConfigurationListIsNamedInErrors() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StoreNodes.parse(List.of("h:1", "bad"), "shared-store.client.store-nodes"));
    assertTrue(e.getMessage().contains("address 2 of shared-store.client.store-nodes"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> StoreNodes.parse(List.of(), "x"));
  }

  @Test
  void nullIsRefused() {
    assertThrows(NullPointerException.class, () -> StoreNodes.parse((String) null));
  }
}

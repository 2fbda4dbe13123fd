package io.ovdfailover.steps.database;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Issue #16: the guide comments bind-address out on dbmy; MariaDB then listens on every address,
 * which is what the operator's 0.0.0.0 (reachableFrom Anywhere) asks for: no drop-in, no restart of
 * the database the Session Manager uses.
 */
class BindAddressEquivalenceTest {
  @Test
  void everyFormOfEveryAddressIsTheSame() {
    for (String any : new String[] {"", "*", "0.0.0.0", "::"}) {
      assertThat(TargetPreparation.sameBind("0.0.0.0", any)).as(any).isTrue();
      assertThat(TargetPreparation.sameBind(any, "")).as(any).isTrue();
    }
  }

  @Test
  void aPrivateAddressIsNotEveryAddress() {
    assertThat(TargetPreparation.sameBind("198.19.100.21", "")).isFalse();
    assertThat(TargetPreparation.sameBind("198.19.100.21", "0.0.0.0")).isFalse();
    assertThat(TargetPreparation.sameBind("198.19.100.21", "198.19.100.21")).isTrue();
  }
}

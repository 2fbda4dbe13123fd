package io.ovdfailover.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** SSH endpoint, login and host key pin of one node. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = CelRules.SUDO_FOR_NON_ROOT,
    message = CelRules.SUDO_FOR_NON_ROOT_MSG,
    fieldPath = ".sudo",
    reason = CelRules.INVALID)
@ValidationRule(
    value = CelRules.HOST_KEY_OR_TOFU,
    message = CelRules.HOST_KEY_OR_TOFU_MSG,
    fieldPath = ".hostKey",
    reason = CelRules.REQUIRED)
@ValidationRule(
    value = CelRules.HOST_KEY_FORMAT,
    message = CelRules.HOST_KEY_FORMAT_MSG,
    fieldPath = ".hostKey",
    reason = CelRules.INVALID)
public class SshAccessSpec {
  @JsonPropertyDescription("Host name or address the operator connects to.")
  @Required
  @Pattern(Patterns.HOST)
  @Size(max = 253)
  public String host;

  @JsonPropertyDescription("TCP port of the node's SSH server.")
  @Default("22")
  @Min(1)
  @Max(65535)
  public int port = 22;

  @JsonPropertyDescription(
      "Login user. A user other than root needs sudo: true (passwordless sudo, no tty).")
  @Default("root")
  @Pattern("^[a-z_][a-z0-9_-]{0,31}$")
  @Size(max = 32)
  public String user = "root";

  @JsonPropertyDescription(
      "Run every command through `sudo -n` (passwordless sudo, no tty): needed when user is not root.")
  @Default("false")
  public boolean sudo;

  @JsonPropertyDescription(
      "Secret holding the private key (OpenSSH or PEM format), key `ssh-privatekey` by default.")
  @Required
  @JsonDeserialize(as = SshPrivateKeySecretRef.class)
  public SecretKeyRef privateKeySecret;

  @JsonPropertyDescription(
      "The pinned host key: a known_hosts line (`host ssh-ed25519 AAAA...`), a public key "
          + "(`ssh-ed25519 AAAA...`) or a fingerprint (`SHA256:...`). A different key stops all work on this node.")
  @Size(max = 8192)
  public String hostKey;

  @JsonPropertyDescription(
      "Accept the first host key presented when hostKey is empty, and record it in status. "
          + "Off by default: without a pin the operator refuses to connect.")
  @Default("false")
  public boolean trustOnFirstUse;

  /** A copy (the operator adjusts its own copy, never the informer's object). */
  public static SshAccessSpec copyOf(SshAccessSpec s) {
    SshAccessSpec c = new SshAccessSpec();
    c.host = s.host;
    c.port = s.port;
    c.user = s.user;
    c.sudo = s.sudo;
    c.privateKeySecret = s.privateKeySecret;
    c.hostKey = s.hostKey;
    c.trustOnFirstUse = s.trustOnFirstUse;
    return c;
  }
}

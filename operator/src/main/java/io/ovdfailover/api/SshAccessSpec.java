package io.ovdfailover.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** SSH endpoint, login and host key pin of one node. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SshAccessSpec {
  @JsonPropertyDescription("Host name or address the operator connects to.")
  @Required
  @Pattern(Patterns.HOST)
  public String host;

  @JsonPropertyDescription("SSH port.")
  @Default("22")
  @Min(1)
  @Max(65535)
  public int port = 22;

  @JsonPropertyDescription("Login user. A user other than root needs sudo: true (passwordless sudo, no tty).")
  @Default("root")
  @Pattern("^[a-z_][a-z0-9_-]{0,31}$")
  public String user = "root";

  @JsonPropertyDescription("Run commands through `sudo -n`.")
  @Default("false")
  public boolean sudo;

  @JsonPropertyDescription("Secret holding the private key (OpenSSH or PEM format), key `ssh-privatekey` by default.")
  @Required
  public SecretKeyRef privateKeySecret;

  @JsonPropertyDescription("The pinned host key: a known_hosts line (`host ssh-ed25519 AAAA...`), a public key "
      + "(`ssh-ed25519 AAAA...`) or a fingerprint (`SHA256:...`). A different key stops all work on this node.")
  public String hostKey;

  @JsonPropertyDescription("Accept the first host key presented when hostKey is empty, and record it in status. "
      + "Off by default: without a pin the operator refuses to connect.")
  @Default("false")
  public boolean trustOnFirstUse;
}

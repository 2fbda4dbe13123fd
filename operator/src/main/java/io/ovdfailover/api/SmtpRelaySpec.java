package io.ovdfailover.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Appendix 2's ssmtp settings: mailhub, UseSTARTTLS/UseTLS, AuthUser and AuthPass. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SmtpRelaySpec {
  /** How the connection to the relay is protected (ssmtp's UseTLS and UseSTARTTLS). */
  public enum Tls {
    /** Plain SMTP (a relay on the private network). */
    None,
    /** Plain connection upgraded with STARTTLS (port 587). */
    StartTLS,
    /** TLS from the first byte (port 465). */
    TLS
  }

  @JsonPropertyDescription(
      "The relay's DNS name or IPv4 address, as the cluster nodes resolve it (mailhub).")
  @Required
  @Pattern(Patterns.HOST)
  @Size(max = 253)
  public String host;

  @JsonPropertyDescription("The relay's port.")
  @Default("25")
  @Min(1)
  @Max(65535)
  public int port = 25;

  @JsonPropertyDescription("None, StartTLS (UseSTARTTLS=YES) or TLS (UseTLS=YES).")
  @Default("None")
  @Size(max = 8)
  public Tls tls = Tls.None;

  @JsonPropertyDescription(
      "Secret with the SMTP account (AuthUser, AuthPass). Unset: the relay takes mail without"
          + " authentication.")
  public CredentialsSecretRef credentialsSecret;
}

package io.ovdfailover.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A Secret holding a user name and a password. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CredentialsSecretRef {
  @JsonPropertyDescription("Secret name, in the same namespace.")
  @Required
  @Pattern(Patterns.K8S_NAME)
  @Size(max = 253)
  public String name;

  @JsonPropertyDescription("Key holding the user name.")
  @Default("username")
  @Pattern("^[-._a-zA-Z0-9]+$")
  @Size(max = 253)
  public String userKey = "username";

  @JsonPropertyDescription("Key holding the password.")
  @Default("password")
  @Pattern("^[-._a-zA-Z0-9]+$")
  @Size(max = 253)
  public String passwordKey = "password";

  public CredentialsSecretRef() {}

  public CredentialsSecretRef(String name) {
    this.name = name;
  }
}

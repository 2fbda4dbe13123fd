package io.ovdfailover.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** One key of a Secret in the resource's namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretKeyRef {
  @JsonPropertyDescription("Secret name, in the same namespace.")
  @Required
  @Pattern(Patterns.K8S_NAME)
  @Size(max = 253)
  public String name;

  @JsonPropertyDescription("Key within the Secret.")
  @Default("password")
  @Pattern("^[-._a-zA-Z0-9]+$")
  @Size(max = 253)
  public String key = "password";

  public SecretKeyRef() {}

  public SecretKeyRef(String name, String key) {
    this.name = name;
    this.key = key;
  }
}

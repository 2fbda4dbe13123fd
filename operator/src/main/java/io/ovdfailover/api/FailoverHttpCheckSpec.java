package io.ovdfailover.api;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/**
 * How a failover test asks the Session Manager through the VIP. The answer proves the farm is
 * served (liveness); which node serves it is proven without OVD's pages (the SSH host key on the
 * VIP's port 22 and the VIP's address on the nodes), because a real Session Manager's page is not
 * known to name its node.
 */
@JsonClassDescription(
    "The Session Manager's URL through the VIP, as a failover test asks it (liveness), and an "
        + "optional way to read a Session Manager ID from it.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FailoverHttpCheckSpec {
  public static final String DEFAULT_PATH = "/ovd/";
  public static final int DEFAULT_STATUS = 200;

  @JsonPropertyDescription(
      "Path asked for on http://VIP during and after a test (the downtime probe and the check). "
          + "Default /ovd/.")
  @Pattern("^/[!-~]*$")
  @Size(max = 200)
  @Default(DEFAULT_PATH)
  public String path = DEFAULT_PATH;

  @JsonPropertyDescription(
      "HTTP status the path must answer with through the VIP after the move (the last one, "
          + "after redirects). Default 200.")
  @Min(100)
  @Max(599)
  @Default("200")
  public int expectedStatus = DEFAULT_STATUS;

  @JsonPropertyDescription(
      "Optional regular expression (Java syntax) finding the Session Manager ID in the page. When "
          + "set, the ID read through the VIP after the move must be the target node's own and "
          + "differ from the one before; unset (the default), no ID is read and the test does not "
          + "depend on what the page shows.")
  @Size(max = 200)
  public String sessionManagerIdPattern;

  /** The path, defaulted: an object written before the field existed has none. */
  public String effectivePath() {
    return path == null || path.isBlank() ? DEFAULT_PATH : path;
  }
}

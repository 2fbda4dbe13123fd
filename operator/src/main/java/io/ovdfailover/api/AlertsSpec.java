package io.ovdfailover.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/**
 * Appendix 2, "Configure email notifications": Pacemaker runs an alert agent on its nodes for every
 * node, resource and fencing event; the agent mails the recipients through ssmtp and, for
 * Kubernetes, leaves a line the operator turns into an Event.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = CelRules.RECIPIENTS,
    message = CelRules.RECIPIENTS_MSG,
    fieldPath = ".recipients",
    reason = CelRules.INVALID)
@ValidationRule(
    value = CelRules.SMTP_WITH_RECIPIENTS,
    message = CelRules.SMTP_WITH_RECIPIENTS_MSG,
    fieldPath = ".smtp",
    reason = CelRules.REQUIRED)
public class AlertsSpec {
  public static final int MAX_RECIPIENTS = 10;

  @JsonPropertyDescription(
      "E-mail addresses each alert is mailed to, one recipient each of the Pacemaker alert "
          + "`ovd-alert`. Pacemaker mails from every node that sees the event, so one failover sends "
          + "several messages (the guide warns of it). Empty: no mail, Events only.")
  @Size(max = MAX_RECIPIENTS)
  public List<String> recipients = new ArrayList<>();

  @JsonPropertyDescription(
      "From address of the alert mail. Unset: ssmtp's default, root at the sending node's name.")
  @Pattern(Patterns.EMAIL)
  @Size(max = 254)
  public String sender;

  @JsonPropertyDescription(
      "The SMTP relay ssmtp hands the mail to (its mailhub); required with recipients.")
  public SmtpRelaySpec smtp;

  @JsonPropertyDescription(
      "Let the operator install ssmtp where another mail server is installed (exim4, which cron "
          + "recommends on Debian, postfix...): ssmtp conflicts with them, so apt removes it, as the guide's "
          + "`apt install ssmtp` does once the admin agrees. Unset, such a node blocks the alerts stage, naming "
          + "the mail server.")
  @Default("false")
  public boolean replaceMailServer;

  @JsonPropertyDescription(
      "Record each Pacemaker alert as a Kubernetes Event on the cluster (reason PacemakerAlert), "
          + "read from the nodes at each reconcile.")
  @Default("true")
  public boolean kubernetesEvents = true;

  /** Whether any mail is to be sent (ssmtp and its configuration are needed then). */
  public boolean mails() {
    return recipients != null && !recipients.isEmpty();
  }
}

package io.ovdfailover.hosts;

/** The probe's output (or a part of it, such as crm_mon XML) could not be understood. */
public class FactsFormatException extends RuntimeException {
  public FactsFormatException(String message) {
    super(message);
  }

  public FactsFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}

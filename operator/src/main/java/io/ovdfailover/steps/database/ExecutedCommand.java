package io.ovdfailover.steps.database;

import java.time.Duration;

/**
 * One command a migration pass ran: where, what (the description, never the script or stdin),
 * whether it changed the host, and how it ended.
 */
public record ExecutedCommand(
    Phase phase,
    String node,
    String description,
    boolean mutating,
    int exitCode,
    Duration elapsed) {}

package io.ovdfailover.steps.database;

/** The steps of chapter III, in the order they run. */
public enum Phase {
  /**
   * dbmy: listen on the network, database, user, grant (guide "Deploy the dbmy node", "Create a
   * database").
   */
  PREPARE_TARGET,
  /** osm1: {@code mysql -h dbmy.priv -u ovd -p -e 'SHOW DATABASES; SHOW GRANTS'} (guide step 1). */
  CHECK_CONNECTIVITY,
  /** osm1: read the configuration, its backup, the dump and the local service. */
  DISCOVER,
  /** osm1: back the configuration up and remove it (guide step 2): the downtime starts. */
  DISABLE_SESSION_MANAGER,
  /** osm1: mysqldump (guide step 3). */
  DUMP,
  /** osm1 → target: import the dump (guide step 4). */
  IMPORT,
  /** Row counts of every table, source and target. */
  VERIFY,
  /** osm1: install the edited configuration (guide steps 6–8): the downtime ends. */
  SWITCH_CONFIG,
  /** osm1: {@code systemctl disable --now mariadb} (guide step 5, run after the switch). */
  DISABLE_LOCAL_DATABASE
}

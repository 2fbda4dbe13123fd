package io.ovdfailover.steps.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The JSON edit of the Session Manager configuration (no database needed). */
class SessionManagerConfigTest {
  static final TargetDatabase TARGET =
      new TargetDatabase("dbmy.priv", 3306, "ovd", new DbCredentials("ovd", "n3w \"pw\" \\ #"));

  static SessionManagerConfig parse(String json) throws MigrationException {
    return SessionManagerConfig.parse(json.getBytes(StandardCharsets.UTF_8), "config");
  }

  @Test
  void setsTheGuidesFlatKeysAndKeepsEverythingElse() throws Exception {
    String json =
        "{\"a.first\":1.50,\"general.sql.host\":\"localhost\",\"general.sql.user\":\"root\","
            + "\"general.sql.password\":\"old\",\"general.sql.database\":\"ovd\",\"big\":12345678901234567890,"
            + "\"list\":[1,{\"x\":null}],\"url\":\"http:\\/\\/x\\/\",\"z.last\":true}";
    SessionManagerConfig edited = parse(json).pointedAt(TARGET);
    String out = new String(edited.toBytes(), StandardCharsets.UTF_8);

    assertThat(out)
        .isEqualTo(
            "{\"a.first\":1.50,\"general.sql.host\":\"dbmy.priv\",\"general.sql.user\":\"ovd\","
                + "\"general.sql.password\":\"n3w \\\"pw\\\" \\\\ #\",\"general.sql.database\":\"ovd\","
                + "\"big\":12345678901234567890,\"list\":[1,{\"x\":null}],\"url\":\"http://x/\",\"z.last\":true}");
    assertThat(edited.sql())
        .isEqualTo(new SqlSettings("dbmy.priv", "ovd", "n3w \"pw\" \\ #", "ovd"));
  }

  @Test
  void setsNestedKeysWhereTheFileNestsThem() throws Exception {
    String json =
        "{\n  \"general\": {\"sql\": {\"host\": \"localhost\", \"user\": \"ovd\", \"password\": \"a\","
            + " \"database\": \"ovd\", \"prefix\": \"p_\"}, \"lang\": \"fr\"}\n}\n";
    SessionManagerConfig edited = parse(json).pointedAt(TARGET);

    var tree = new ObjectMapper().readTree(edited.toBytes());
    assertThat(tree.at("/general/sql/host").asText()).isEqualTo("dbmy.priv");
    assertThat(tree.at("/general/sql/password").asText()).isEqualTo("n3w \"pw\" \\ #");
    assertThat(tree.at("/general/sql/prefix").asText()).isEqualTo("p_");
    assertThat(tree.at("/general/lang").asText()).isEqualTo("fr");
    assertThat(tree.has("general.sql.host")).isFalse();
    assertThat(new String(edited.toBytes(), StandardCharsets.UTF_8))
        .contains("\n  \"general\" : {");
  }

  @Test
  void changesTheDatabaseNameOnlyWhenTheTargetsDiffers() throws Exception {
    String json = "{\"general.sql.host\":\"localhost\",\"general.sql.database\":\"ovd\"}";
    TargetDatabase other = new TargetDatabase("db.example", 3306, "ovd_prod", TARGET.credentials());
    assertThat(parse(json).pointedAt(TARGET).get("general.sql.database")).isEqualTo("ovd");
    assertThat(parse(json).pointedAt(other).get("general.sql.database")).isEqualTo("ovd_prod");
  }

  @Test
  void invalidJsonIsReportedByPositionNeverByContent() {
    String json = "{\n\"general.sql.password\": Sup3rSecretToken,\n}";
    assertThatThrownBy(() -> parse(json))
        .isInstanceOfSatisfying(
            MigrationException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(MigrationException.Reason.CONFIG_INVALID);
              assertThat(e.getMessage())
                  .startsWith("config is not valid JSON at line 2")
                  .doesNotContain("Sup3r");
              assertThat(e.getCause()).isNull();
            });
    assertThatThrownBy(() -> parse("[1]")).hasMessage("config is not a JSON object");
  }

  @Test
  void secretsStayOutOfToString() throws Exception {
    SessionManagerConfig c = parse("{\"general.sql.password\":\"Sup3rSecret\"}");
    assertThat(c.toString()).doesNotContain("Sup3rSecret");
    assertThat(c.sql().toString()).doesNotContain("Sup3rSecret");
    assertThat(TARGET.toString()).doesNotContain("n3w");
    assertThat(new DbCredentials("u", "Sup3rSecret").toString()).doesNotContain("Sup3rSecret");
  }

  @Test
  void countsAreComparedTableByTable() {
    TableCounts source = TableCounts.parse("a\t3\nb\t5\nc\t0\n");
    TableCounts target = TableCounts.parse("a\t3\nb\t4\nd\t1\n");
    assertThat(source.differencesTo(target))
        .containsExactly(
            new TableCounts.Difference("b", 5L, 4L),
            new TableCounts.Difference("c", 0L, null),
            new TableCounts.Difference("d", null, 1L));
    assertThat(source.differencesTo(TableCounts.parse("c\t0\nb\t5\na\t3"))).isEmpty();
    assertThat(source.summary()).isEqualTo("3 tables, 8 rows");
  }
}

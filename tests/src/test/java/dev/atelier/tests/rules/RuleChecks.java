package dev.atelier.tests.rules;

import dev.atelier.core.conversation.UserDirectory;
import dev.atelier.tests.support.Api;
import dev.atelier.tests.support.RunningAtelier;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What the rules tests send and look at: small cheap messages as a named user, and rows in the real database. */
final class RuleChecks {

    private final RunningAtelier atelier;

    RuleChecks(RunningAtelier atelier) {
        this.atelier = atelier;
    }

    /** A one-step 64x64 message as {@code user}: what a user sends, made cheap to generate. */
    Api.Reply send(String conversation, String user, String text) {
        return atelier.api().postMessage(conversation, Map.of("text", text, "width", "64", "height", "64", "steps", "1"),
                Map.of("X-Atelier-User", user));
    }

    String jobOf(Api.Reply accepted) {
        if (accepted.status() != 202) throw new AssertionError("refused: " + accepted.status() + " " + accepted.text());
        return (String) accepted.json().get("jobId");
    }

    /** The Atelier user behind a web user name (created on first sight, as a first message would). */
    UUID userId(String webUser) {
        return atelier.context().getBean(UserDirectory.class).resolve("web", webUser, webUser);
    }

    long count(String sql, Object... args) {
        try (Connection c = atelier.context().getBean(DataSource.class).getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rows as lists of strings, for the review queue and the audit log. */
    List<List<String>> rows(String sql, Object... args) {
        try (Connection c = atelier.context().getBean(DataSource.class).getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                List<List<String>> out = new ArrayList<>();
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= n; i++) row.add(rs.getString(i));
                    out.add(row);
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertProblem(Api.Reply reply, int status, String detailContains) {
        assertThat(reply.status()).as(reply.text()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat((String) reply.json().get("detail")).contains(detailContains);
    }
}

package dev.atelier.admin.data;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plain JDBC for the console's own tables and read-only queries (the same shapes as the app's
 * stores; the console does not depend on the app module, so it keeps its own few lines).
 */
public final class ConsoleDb {

    private final DataSource dataSource;

    public ConsoleDb(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @FunctionalInterface
    public interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Binds the values in order (null as SQL NULL). */
    public static Binder params(Object... values) {
        return ps -> {
            for (int i = 0; i < values.length; i++) ps.setObject(i + 1, values[i]);
        };
    }

    public int update(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new ConsoleDbException(e);
        }
    }

    public <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) rows.add(mapper.map(rs));
                return rows;
            }
        } catch (SQLException e) {
            throw new ConsoleDbException(e);
        }
    }

    public <T> Optional<T> one(String sql, Binder binder, RowMapper<T> mapper) {
        return query(sql, binder, mapper).stream().findFirst();
    }

    /** A database error; its message (SQL) goes to the log, never to a page. */
    public static final class ConsoleDbException extends RuntimeException {
        ConsoleDbException(SQLException cause) {
            super("database: " + cause.getMessage(), cause);
        }
    }
}

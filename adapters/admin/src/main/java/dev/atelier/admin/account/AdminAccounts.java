package dev.atelier.admin.account;

import dev.atelier.admin.data.ConsoleDb;

import javax.sql.DataSource;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import static dev.atelier.admin.data.ConsoleDb.params;

/**
 * Admin accounts in PostgreSQL ({@code admin_accounts}, V6): Argon2id hashes, wrong passwords
 * counted in a row and a lockout when they reach the limit. A new account gets a one-time
 * password that must be replaced at the first sign-in. Each account has a session epoch (V12)
 * that its console sessions carry: resetting or changing the password, changing the role and
 * deleting the account move it on, which ends every session signed in before.
 */
public final class AdminAccounts {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    /** 20 characters from 56 unambiguous ones: about 116 bits. */
    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
    public static final int MIN_PASSWORD_LENGTH = 12;

    private final ConsoleDb db;
    private final PasswordHasher hasher = new PasswordHasher();
    private final SecureRandom random = new SecureRandom();
    /** Verified for unknown names, so a wrong name takes as long as a wrong password. */
    private final String decoyHash;

    public AdminAccounts(DataSource dataSource) {
        this.db = new ConsoleDb(dataSource);
        this.decoyHash = hasher.hash("decoy-" + random.nextLong());
    }

    /** @param sessionEpoch what this account's live sessions carry; moved on to end them all */
    public record Account(String name, Role role, boolean mustChangePassword, int failedLogins, Instant lockedUntil,
                          Instant lastLoginAt, Instant createdAt, long sessionEpoch) {
        public Account(String name, Role role, boolean mustChangePassword, int failedLogins, Instant lockedUntil,
                       Instant lastLoginAt, Instant createdAt) {
            this(name, role, mustChangePassword, failedLogins, lockedUntil, lastLoginAt, createdAt, 0);
        }

        public boolean locked(Instant now) {
            return lockedUntil != null && lockedUntil.isAfter(now);
        }
    }

    public sealed interface SignIn {
        record Ok(Account account) implements SignIn { }
        record Wrong() implements SignIn { }
        record Locked(Instant until) implements SignIn { }
    }

    /** Creates the account; returns its one-time password. */
    public String create(String name, Role role) {
        requireName(name);
        if (find(name).isPresent()) throw new IllegalArgumentException("An account named '" + name + "' exists already.");
        String password = oneTimePassword();
        db.update("INSERT INTO admin_accounts (name, role, password_hash) VALUES (?, ?, ?)",
                params(name, role.wireName(), hasher.hash(password)));
        return password;
    }

    /** A new one-time password for an existing account (it also unlocks it, and ends its sessions). */
    public String resetPassword(String name) {
        String password = oneTimePassword();
        int n = db.update("""
                UPDATE admin_accounts SET password_hash = ?, must_change_password = true, failed_logins = 0,
                       locked_until = NULL, session_epoch = nextval('admin_session_epochs') WHERE name = ?""",
                params(hasher.hash(password), name));
        if (n == 0) throw new IllegalArgumentException("There is no account named '" + name + "'.");
        return password;
    }

    public Optional<Account> find(String name) {
        return db.one("SELECT * FROM admin_accounts WHERE name = ?", params(name), AdminAccounts::account);
    }

    public List<Account> all() {
        return db.query("SELECT * FROM admin_accounts ORDER BY name", params(), AdminAccounts::account);
    }

    /**
     * Checks a password. {@code maxFailed} wrong ones in a row lock the account for
     * {@code lockout}; a locked account is refused even with the right password. Setting the
     * lock starts the count again, so once the lock has run out it takes {@code maxFailed} more
     * wrong passwords to lock the account again.
     */
    public SignIn signIn(String name, String password, int maxFailed, Duration lockout) {
        SignIn result = check(name, password, maxFailed, lockout);
        if (!(result instanceof SignIn.Ok)) return result;
        db.update("UPDATE admin_accounts SET last_login_at = now() WHERE name = ?", params(name));
        return new SignIn.Ok(find(name).orElseThrow());
    }

    /**
     * Checks a signed-in admin's current password before they change it: counted and locked like
     * a sign-in, so a stolen session cannot guess it freely.
     */
    public boolean checkPassword(String name, String password, int maxFailed, Duration lockout) {
        return check(name, password == null ? "" : password, maxFailed, lockout) instanceof SignIn.Ok;
    }

    private SignIn check(String name, String password, int maxFailed, Duration lockout) {
        Optional<String> hash = db.one("SELECT password_hash FROM admin_accounts WHERE name = ?", params(name),
                rs -> rs.getString(1));
        if (hash.isEmpty()) {
            hasher.verify(password, decoyHash);
            return new SignIn.Wrong();
        }
        Account account = find(name).orElseThrow();
        if (account.locked(Instant.now())) {
            // Verified all the same, so a locked account answers as slowly as a wrong password.
            hasher.verify(password, decoyHash);
            return new SignIn.Locked(account.lockedUntil());
        }
        if (!hasher.verify(password, hash.get())) {
            // One statement counts the failure and locks at the limit, so parallel tries cannot skip it.
            // Setting the lock resets the count: a lock that has run out does not relock at the next miss.
            Optional<Optional<Instant>> locked = db.one("""
                    UPDATE admin_accounts SET
                           locked_until = CASE WHEN failed_logins + 1 >= ? THEN now() + make_interval(secs => ?) END,
                           failed_logins = CASE WHEN failed_logins + 1 >= ? THEN 0 ELSE failed_logins + 1 END
                    WHERE name = ? RETURNING locked_until""",
                    params(maxFailed, (double) lockout.toSeconds(), maxFailed, name),
                    rs -> Optional.ofNullable(rs.getTimestamp(1)).map(java.sql.Timestamp::toInstant));
            return locked.flatMap(l -> l).<SignIn>map(SignIn.Locked::new).orElseGet(SignIn.Wrong::new);
        }
        db.update("UPDATE admin_accounts SET failed_logins = 0, locked_until = NULL WHERE name = ?", params(name));
        return new SignIn.Ok(account);
    }

    /**
     * Sets a new password and ends every session of the account; returns the account's new
     * session epoch (for the session that made the change to go on under).
     */
    public long changePassword(String name, String newPassword) {
        if (newPassword == null || newPassword.length() < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("The new password needs at least " + MIN_PASSWORD_LENGTH + " characters.");
        }
        return db.one("""
                UPDATE admin_accounts SET password_hash = ?, must_change_password = false,
                       session_epoch = nextval('admin_session_epochs') WHERE name = ? RETURNING session_epoch""",
                params(hasher.hash(newPassword), name), rs -> rs.getLong(1))
                .orElseThrow(() -> new IllegalArgumentException("There is no account named '" + name + "'."));
    }

    /** Changes the role; the account's sessions end (they were signed in under the old one). */
    public boolean setRole(String name, Role role) {
        return db.update("UPDATE admin_accounts SET role = ?, session_epoch = nextval('admin_session_epochs') WHERE name = ?",
                params(role.wireName(), name)) == 1;
    }

    public boolean unlock(String name) {
        return db.update("UPDATE admin_accounts SET failed_logins = 0, locked_until = NULL WHERE name = ?", params(name)) == 1;
    }

    /** Deletes the account; its sessions end with it (one made again under the name gets a new epoch). */
    public boolean delete(String name) {
        return db.update("DELETE FROM admin_accounts WHERE name = ?", params(name)) == 1;
    }

    public static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("An account name is 1 to 64 letters, digits, '.', '_', '@' or '-'.");
        }
    }

    private String oneTimePassword() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        return sb.toString();
    }

    private static Account account(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Account(rs.getString("name"), Role.byWireName(rs.getString("role")).orElseThrow(),
                rs.getBoolean("must_change_password"), rs.getInt("failed_logins"), instant(rs, "locked_until"),
                instant(rs, "last_login_at"), instant(rs, "created_at"), rs.getLong("session_epoch"));
    }

    private static Instant instant(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
        var t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}

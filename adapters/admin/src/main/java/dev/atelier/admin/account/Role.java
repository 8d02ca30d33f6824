package dev.atelier.admin.account;

import java.util.Locale;
import java.util.Optional;

/**
 * What an admin account may do. An admin does everything; a moderator sees everything and acts
 * on moderation, conversations, jobs and bans, but changes no settings, limits or accounts.
 */
public enum Role {
    ADMIN, MODERATOR;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> byWireName(String name) {
        if (name == null) return Optional.empty();
        for (Role r : values()) if (r.wireName().equals(name.strip().toLowerCase(Locale.ROOT))) return Optional.of(r);
        return Optional.empty();
    }

    /** Whether this role may do what {@code needed} may. */
    public boolean covers(Role needed) {
        return this == ADMIN || this == needed;
    }
}

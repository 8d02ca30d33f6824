package dev.atelier.core.rules;

import java.time.Instant;
import java.util.List;

/**
 * Port: who changed which rule, when. The rule stores write their own entries in the same
 * transaction as the change (so a change is never left unrecorded); this port is for reading
 * them and for admin actions that change no rule.
 */
public interface AuditLog {

    void record(String actor, String action, String subject, String detail);

    /** The newest entries first. */
    List<Entry> recent(int limit);

    record Entry(long id, Instant at, String actor, String action, String subject, String detail) {
    }
}

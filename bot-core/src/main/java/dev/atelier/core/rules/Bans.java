package dev.atelier.core.rules;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Port: who may not talk to Atelier. A ban names one platform identity (a Telegram account, a
 * web user name) or a whole user, which covers every identity of theirs. Each change writes an
 * audit entry ({@code ban}/{@code unban}) with the actor.
 */
public interface Bans {

    /** The ban that covers this identity, directly or through its user; looked up without creating anything. */
    Optional<Ban> find(String platform, String platformUserId);

    /**
     * Whether the user may not talk to Atelier: a user-wide ban, or a ban on any of their
     * identities (checked where there is a user and no message, as when a job is retried).
     */
    default boolean bannedUser(UUID userId) {
        throw new UnsupportedOperationException("this ban store cannot look up a user's bans");
    }

    Ban banIdentity(String actor, String platform, String platformUserId, String reason);

    Ban banUser(String actor, UUID userId, String reason);

    /** False when the identity had no ban of its own. */
    boolean unbanIdentity(String actor, String platform, String platformUserId);

    boolean unbanUser(String actor, UUID userId);

    List<Ban> all();

    /** Either {@code platform} + {@code platformUserId} or {@code userId} is set. */
    record Ban(long id, String platform, String platformUserId, UUID userId, String reason, String bannedBy,
               Instant at) {
    }
}

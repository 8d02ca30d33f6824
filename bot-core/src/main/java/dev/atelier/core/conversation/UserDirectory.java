package dev.atelier.core.conversation;

import java.util.UUID;

/** Port: Atelier users and the platform identities they speak through. */
public interface UserDirectory {

    /** The user behind a platform identity, created on first sight; the display name is kept fresh. */
    UUID resolve(String platform, String platformUserId, String displayName);
}

package dev.atelier.core.settings;

import java.util.Optional;
import java.util.UUID;

/** Port: each person's {@link UserDefaults}, in PostgreSQL in the app ({@code user_defaults}, V5). */
public interface UserDefaultsStore {

    /** No one has defaults: every message takes the configured ones. */
    UserDefaultsStore NONE = new UserDefaultsStore() {
        @Override
        public Optional<UserDefaults> find(String platform, String platformUserId) {
            return Optional.empty();
        }

        @Override
        public void save(UUID userId, UserDefaults defaults) {
            throw new UnsupportedOperationException("no store for user defaults");
        }
    };

    /** The defaults of that platform identity, if it set any. */
    Optional<UserDefaults> find(String platform, String platformUserId);

    /** Replaces the user's defaults; {@link UserDefaults#NONE} removes them. */
    void save(UUID userId, UserDefaults defaults);
}

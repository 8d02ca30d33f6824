package dev.atelier.core.settings;

import dev.atelier.core.conversation.UserDirectory;
import dev.atelier.core.turn.TurnLimits;

import java.util.function.UnaryOperator;

/**
 * What the chat adapters' {@code /settings} commands call: read and change one person's
 * {@link UserDefaults}. Changes are validated here, so every platform refuses the same values
 * with the same words.
 */
public final class UserSettings {

    private final UserDefaultsStore store;
    private final UserDirectory users;
    private final TurnLimits limits;

    public UserSettings(UserDefaultsStore store, UserDirectory users, TurnLimits limits) {
        this.store = store;
        this.users = users;
        this.limits = limits;
    }

    /** The person's defaults; {@link UserDefaults#NONE} when they set none. */
    public UserDefaults of(String platform, String platformUserId) {
        return store.find(platform, platformUserId).orElse(UserDefaults.NONE);
    }

    /**
     * Applies {@code change} to the person's defaults and stores the result. Throws
     * {@link dev.atelier.core.turn.RejectedTurnException} for a value that is not allowed; nothing
     * is stored then.
     */
    public UserDefaults update(String platform, String platformUserId, String userName, UnaryOperator<UserDefaults> change) {
        UserDefaults next = change.apply(of(platform, platformUserId)).validated(limits.maxSteps());
        store.save(users.resolve(platform, platformUserId, userName), next);
        return next;
    }

    /** Drops the person's defaults: the configured ones apply again. */
    public void reset(String platform, String platformUserId, String userName) {
        store.save(users.resolve(platform, platformUserId, userName), UserDefaults.NONE);
    }

    /** The limits the values are checked against (for the adapters' choices, e.g. steps). */
    public TurnLimits limits() {
        return limits;
    }
}

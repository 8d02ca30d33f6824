package dev.atelier.admin.session;

import dev.atelier.admin.account.Role;

/**
 * A signed-in admin, as the console filter found them for this request.
 *
 * @param id   the session id (the cookie's value; Redis keeps only its hash)
 * @param csrf the token every form of this session carries
 */
public record ConsoleSession(String id, String name, Role role, String csrf, boolean mustChangePassword) {

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}

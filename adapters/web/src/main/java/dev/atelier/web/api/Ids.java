package dev.atelier.web.api;

import dev.atelier.core.turn.RejectedTurnException;
import dev.atelier.core.turn.RejectedTurnException.Reason;

import java.util.UUID;

/** Ids in paths: anything that is not a known id is a 404, malformed ones included. */
final class Ids {

    private Ids() {
    }

    static UUID parse(String id, String what) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound(what, id);
        }
    }

    static RejectedTurnException notFound(String what, String id) {
        return new RejectedTurnException(Reason.NOT_FOUND, "There is no " + what + " " + id + ".");
    }
}

package dev.atelier.telegram;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * getUpdates that survives updates the library cannot read. TelegramBots parses the whole batch
 * with a strict ObjectMapper: one update of a type newer than the library (or a field it does
 * not know) fails the batch, the session backs off and asks for the same offset again, and the
 * bot never hears from anyone again. Here each update is read on its own, leniently; one that
 * still cannot be read becomes a bare update with only its id, which moves the offset on and
 * which the intake skips.
 */
final class TolerantGetUpdates extends GetUpdates {

    private static final Logger LOG = LoggerFactory.getLogger(TolerantGetUpdates.class);
    private static final ObjectMapper LENIENT = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final int LIMIT = 100;
    /** Only what the bot acts on; Telegram stops sending the rest (edits, reactions, polls, …). */
    static final List<String> ALLOWED = List.of("message", "callback_query");

    /** The generator TelegramBots calls with the last update id it has seen. */
    static Function<Integer, GetUpdates> generator(int timeoutSeconds) {
        return last -> {
            TolerantGetUpdates g = new TolerantGetUpdates();
            g.setOffset(last + 1);
            g.setLimit(LIMIT);
            g.setTimeout(timeoutSeconds);
            g.setAllowedUpdates(ALLOWED);
            return g;
        };
    }

    /**
     * One update, read leniently; one that still cannot be read is a bare update with only its
     * id (which the intake skips), and without even an id it is null. The webhook reads its
     * updates here too, so both modes skip the same things.
     */
    static Update read(JsonNode node) {
        try {
            return LENIENT.treeToValue(node, Update.class);
        } catch (Exception e) {
            int id = node.path("update_id").asInt(-1);
            LOG.debug("skipping update {} that cannot be read: {}", id, e.getMessage());
            if (id < 0) return null;
            Update bare = new Update();
            bare.setUpdateId(id);
            return bare;
        }
    }

    @Override
    public ArrayList<Update> deserializeResponse(String answer) throws TelegramApiRequestException {
        JsonNode root;
        try {
            root = LENIENT.readTree(answer);
        } catch (Exception e) {
            throw new TelegramApiRequestException("Unable to deserialize response", e);
        }
        if (root == null || !root.path("ok").asBoolean(false) || !root.path("result").isArray()) {
            // Not a list of updates (an error answer): let the library report it as usual.
            return super.deserializeResponse(answer);
        }
        ArrayList<Update> updates = new ArrayList<>();
        for (JsonNode node : root.get("result")) {
            Update update = read(node);
            if (update != null) updates.add(update);
        }
        return updates;
    }
}

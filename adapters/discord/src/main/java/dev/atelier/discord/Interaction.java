package dev.atelier.discord;

import net.dv8tion.jda.api.modals.Modal;
import net.dv8tion.jda.api.requests.RestAction;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditData;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One interaction (a slash command, a button press, a modal's submit) as the features see it,
 * whether it came over the gateway (a JDA event, {@link GatewayInteraction}) or as a signed HTTP
 * post ({@link HttpInteraction}). A feature answers it once within Discord's 3 seconds
 * ({@link #defer}, {@link #answerEphemeral} or {@link #openModal}) and then works through the
 * interaction's token: edits of the reply, a refusal only the person sees.
 */
interface Interaction {

    /** Discord's epoch (2015-01-01): a snowflake's top bits count milliseconds from it. */
    long DISCORD_EPOCH_MILLIS = 1_420_070_400_000L;

    String id();

    String channelId();

    String userId();

    String userName();

    /** A slash command's name, or empty for a button or a modal. */
    String commandName();

    /** A button's or a modal's custom id; empty for a slash command. */
    String customId();

    Optional<String> string(String option);

    Optional<Long> integer(String option);

    Optional<Double> number(String option);

    Optional<Boolean> bool(String option);

    Optional<Attachment> attachment(String option);

    /** The value typed into a modal's field. */
    Optional<String> field(String id);

    // ---- the answer within 3 seconds: exactly one of these ----

    /** "Atelier is thinking…", seen by everyone in the channel; the reply is edited later. */
    void defer();

    /** "Atelier is thinking…" seen only by the person. */
    void deferEphemeral();

    void answerEphemeral(String text);

    void openModal(Modal modal);

    // ---- after a deferral: through the interaction's token ----

    RestAction<?> editOriginal(MessageEditData data);

    /** Tells only the person why; a public "thinking…" reply is removed. */
    void refuse(String reason);

    /** A new message in the interaction's channel (or the person's DMs when it cannot be reached). */
    RestAction<?> postInChannel(MessageCreateData data);

    /**
     * Where the reply lives, as text to keep in the delivery ledger, so that another process (or
     * this one after a restart) can still edit it: {@code i:<application>:<id>:<channel>:<user>:<token>}.
     * The token is a credential for its 15 minutes; it is kept only while the result is undelivered.
     */
    String address();

    /** The token's lifetime, from the configuration (Discord's is 15 minutes). */
    Duration tokenLifetime();

    /** Past the token's lifetime the reply can no longer be edited. */
    default boolean expired() {
        return Instant.now().isAfter(createdAt(id()).plus(tokenLifetime()));
    }

    /** When Discord made the snowflake {@code id}. */
    static Instant createdAt(String id) {
        try {
            return Instant.ofEpochMilli((Long.parseUnsignedLong(id) >>> 22) + DISCORD_EPOCH_MILLIS);
        } catch (NumberFormatException e) {
            return Instant.EPOCH;
        }
    }

    /** An attachment as Discord describes it; its bytes are fetched by {@link Attachments}. */
    record Attachment(String id, String url, String fileName, String contentType, long size, int width, int height) {
        boolean isImage() {
            return contentType != null && contentType.startsWith("image/") || width > 0 && height > 0;
        }
    }
}

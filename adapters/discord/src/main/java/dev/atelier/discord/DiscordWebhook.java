package dev.atelier.discord;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import net.dv8tion.jda.api.sharding.ShardManager;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * HTTP interactions, the alternative to receiving them over the gateway: Discord posts each
 * interaction to the application's Interactions Endpoint URL ({@code …/webhooks/discord}) and
 * takes the HTTP response as the first answer. The body is read as raw bytes and its Ed25519
 * signature checked before anything parses it; a missing, forged or stale signature gets 401 and
 * nothing runs. Then PING gets PONG, and commands, buttons and forms go to the same features as
 * the gateway's: a deferral (type 5) here, the result later by editing the original response
 * through the interaction's webhook.
 */
@Controller("/webhooks/discord")
@Requires(beans = DiscordBot.class)
@Requires(property = "atelier.discord.public-key", pattern = ".+")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class DiscordWebhook {

    static final String SIGNATURE = "X-Signature-Ed25519";
    static final String TIMESTAMP = "X-Signature-Timestamp";
    /** An interaction is a few KiB (attachments come as links); the server allows 64 MB for uploads. */
    static final int MAX_BODY_BYTES = 256 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(DiscordWebhook.class);

    private final DiscordBot bot;
    private final InteractionSignatures signatures;

    DiscordWebhook(DiscordBot bot, DiscordConfig config) {
        this.bot = bot;
        this.signatures = new InteractionSignatures(config.publicKey());
    }

    @Post
    @Consumes(MediaType.ALL)
    HttpResponse<?> interaction(HttpRequest<?> request, @Header(SIGNATURE) @Nullable String signature,
                                @Header(TIMESTAMP) @Nullable String timestamp, @Body @Nullable InputStream body) throws IOException {
        byte[] bytes;
        try (InputStream in = body == null ? InputStream.nullInputStream() : body) {
            if (signature == null || timestamp == null) return problem(HttpStatus.UNAUTHORIZED, signatures.refusal(null, null, null, null));
            if (request.getContentLength() > MAX_BODY_BYTES) return tooLarge();
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (bytes.length > MAX_BODY_BYTES) return tooLarge();
        String refusal = signatures.refusal(signature, timestamp, bytes, Instant.now());
        if (refusal != null) {
            LOG.debug("Discord interaction refused from {}: {}", request.getRemoteAddress(), refusal);
            return problem(HttpStatus.UNAUTHORIZED, refusal);
        }
        DataObject payload;
        try {
            payload = DataObject.fromJson(bytes);
        } catch (IllegalStateException e) { // JDA's ParsingException is one
            return problem(HttpStatus.BAD_REQUEST, "The body is not a JSON object.");
        }
        int type = payload.getInt("type", 0);
        if (type == 1) return json(DataObject.empty().put("type", HttpInteraction.PONG));
        if (type != 2 && type != 3 && type != 5) {
            return problem(HttpStatus.BAD_REQUEST, "Interaction type " + type + " is not one Atelier answers.");
        }
        for (String field : new String[]{"id", "token", "application_id"}) {
            if (payload.getString(field, "").isBlank()) return problem(HttpStatus.BAD_REQUEST, "The interaction has no " + field + ".");
        }
        // Snowflakes: the webhook address is built from the application id.
        if (!payload.getString("id").matches("\\d{1,20}") || !payload.getString("application_id").matches("\\d{1,20}")) {
            return problem(HttpStatus.BAD_REQUEST, "The interaction's id and application_id must be Discord ids.");
        }
        Optional<ShardManager> shards = bot.shards();
        // Not logged in yet: Discord shows the person that the app did not answer; nothing was started.
        if (shards.isEmpty() || bot.router() == null) {
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "The Discord bot is starting.");
        }
        HttpInteraction interaction = new HttpInteraction(payload, shards.get(), bot.config().tokenLifetime());
        switch (type) {
            case 2 -> bot.router().command(interaction);
            case 3 -> bot.router().button(interaction);
            default -> bot.router().modal(interaction);
        }
        return json(interaction.answer().orElseGet(() -> HttpInteraction.ephemeral("Atelier had no answer to that.")));
    }

    private static HttpResponse<?> json(DataObject body) {
        return HttpResponse.ok(body.toJson()).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    private static HttpResponse<?> tooLarge() {
        return problem(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "A Discord interaction is at most " + MAX_BODY_BYTES + " bytes.");
    }

    /** An RFC 9457 problem, as the rest of Atelier's HTTP answers its refusals. */
    private static HttpResponse<?> problem(HttpStatus status, String detail) {
        DataObject p = DataObject.empty().put("type", "about:blank").put("title", status.getReason())
                .put("status", status.getCode()).put("detail", detail);
        return HttpResponse.status(status).contentType("application/problem+json").body(p.toString().getBytes(StandardCharsets.UTF_8));
    }
}

package dev.atelier.telegram;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.objects.Update;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where Telegram posts updates in webhook mode. TelegramBots' own webhook server does not check
 * the secret Telegram sends back, so this does, before reading anything: without it anyone who
 * finds the URL could make the bot paint (and post) whatever they like. A good update is read
 * as the poller reads it and handed to the same intake, and answered at once: Telegram waits for
 * the answer before it sends that chat's next update, and re-sends one left unanswered.
 */
@Controller("/webhooks/telegram")
@Requires(beans = TelegramBot.class)
@Requires(property = "atelier.telegram.mode", value = "webhook")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class TelegramWebhook {

    static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";
    /** Updates are a few KiB (a long text, a caption); the rest of the server allows 64 MB for uploads. */
    static final int MAX_BODY_BYTES = 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(TelegramWebhook.class);
    /** Strict about what follows the update: "{…} junk" is not a body Telegram sends. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final TelegramBot bot;
    private final byte[] secret;

    TelegramWebhook(TelegramBot bot, TelegramConfig config) {
        this.bot = bot;
        this.secret = config.webhookSecret().getBytes(StandardCharsets.UTF_8);
    }

    @Post
    @Consumes(MediaType.ALL)
    HttpResponse<?> update(HttpRequest<?> request, @Header(SECRET_HEADER) @Nullable String given,
                           @Body @Nullable InputStream body) throws IOException {
        byte[] bytes;
        // Closed on every path: a body left open and unread holds the connection (and the sender).
        try (InputStream in = body == null ? InputStream.nullInputStream() : body) {
            // Constant time, so the answer's timing tells nothing about how much of a guess was right.
            if (given == null || !MessageDigest.isEqual(secret, given.getBytes(StandardCharsets.UTF_8))) {
                LOG.debug("Telegram webhook: a post without the right secret from {}", request.getRemoteAddress());
                return problem(HttpStatus.UNAUTHORIZED, "The " + SECRET_HEADER + " header is missing or wrong.");
            }
            if (request.getContentLength() > MAX_BODY_BYTES) return tooLarge();
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        // A body sent without a length (chunked) is only known to be too large once read this far.
        if (bytes.length > MAX_BODY_BYTES) return tooLarge();
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            return problem(HttpStatus.BAD_REQUEST, "The body is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject() || !node.path("update_id").canConvertToInt()) {
            return problem(HttpStatus.BAD_REQUEST, "The body is not a Telegram update (no update_id).");
        }
        Update update = TolerantGetUpdates.read(node);
        // Not started yet, stopping, or the chat has too many updates waiting: Telegram sends the
        // update again later, so nothing is lost (and the re-sent one is not handled twice).
        if (update == null || !bot.take(update)) {
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "The Telegram bot is busy or not taking updates right now.");
        }
        return HttpResponse.ok();
    }

    private static HttpResponse<?> tooLarge() {
        return problem(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "A Telegram update is at most " + MAX_BODY_BYTES + " bytes.");
    }

    /** An RFC 9457 problem, as the rest of Atelier's HTTP answers its refusals. */
    private static HttpResponse<?> problem(HttpStatus status, String detail) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "about:blank");
        p.put("title", status.getReason());
        p.put("status", status.getCode());
        p.put("detail", detail);
        try {
            return HttpResponse.status(status).contentType("application/problem+json").body(JSON.writeValueAsBytes(p));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

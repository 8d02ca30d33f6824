package dev.atelier.telegram;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendDocument;
import org.telegram.telegrambots.meta.api.methods.send.SendPhoto;
import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;
import org.telegram.telegrambots.meta.api.methods.updatingmessages.EditMessageMedia;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URI;
import java.util.Locale;

/**
 * Outgoing Bot API calls, blocking, for our own executors only (never the update thread or the
 * job-event thread). Telegram's flood control answers 429 with {@code retry_after}: the call
 * waits that long and tries again, a few times, so a burst slows down instead of losing a reply.
 */
final class BotApi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BotApi.class);
    /** Enough for Telegram's usual waits (a few seconds); a longer storm fails the call. */
    private static final int MAX_TRIES = 4;
    private static final long MAX_WAIT_SECONDS = 60;

    private final OkHttpClient http;
    private final TelegramClient client;
    private final URI base;
    private final String token;

    BotApi(OkHttpClient http, URI base, String token) {
        this.http = http;
        this.base = base;
        this.token = token;
        this.client = new OkHttpTelegramClient(http, token, telegramUrl(base));
    }

    static TelegramUrl telegramUrl(URI base) {
        boolean https = "https".equalsIgnoreCase(base.getScheme());
        int port = base.getPort() > 0 ? base.getPort() : https ? 443 : 80;
        return new TelegramUrl(https ? "https" : "http", base.getHost(), port, false);
    }

    /** Thrown when Telegram refused a call for good (after waiting out flood limits). */
    static final class CallFailed extends RuntimeException {
        final int errorCode;

        CallFailed(String method, TelegramApiException cause) {
            super(method + ": " + cause.getMessage(), cause);
            this.errorCode = cause instanceof TelegramApiRequestException r && r.getErrorCode() != null ? r.getErrorCode() : 0;
        }
    }

    <T extends Serializable> T call(BotApiMethod<T> method) {
        return withRetries(method.getMethod(), () -> client.execute(method));
    }

    Message sendPhoto(SendPhoto photo) {
        return withRetries(photo.getMethod(), () -> client.execute(photo));
    }

    /** setWebhook has a type of its own in TelegramBots (it may carry a certificate file). */
    Boolean setWebhook(SetWebhook webhook) {
        return withRetries(webhook.getMethod(), () -> client.execute(webhook));
    }

    Message sendDocument(SendDocument document) {
        return withRetries(document.getMethod(), () -> client.execute(document));
    }

    /** Edits where "message is not modified" (an edit with the same text) counts as done. */
    void edit(BotApiMethod<?> edit) {
        try {
            call(edit);
        } catch (CallFailed e) {
            String m = e.getMessage().toLowerCase(Locale.ROOT);
            if (!m.contains("not modified")) throw e;
        }
    }

    /** editMessageMedia has a type of its own (it may upload a file); "not modified" counts as done. */
    void editMedia(EditMessageMedia edit) {
        try {
            withRetries(edit.getMethod(), () -> client.execute(edit));
        } catch (CallFailed e) {
            String m = e.getMessage().toLowerCase(Locale.ROOT);
            if (!m.contains("not modified")) throw e;
        }
    }

    /** Like {@link #call} for calls whose failure changes nothing for the user (a toast, a clean-up). */
    void quietly(BotApiMethod<?> method) {
        try {
            call(method);
        } catch (RuntimeException e) {
            LOG.debug("{} failed: {}", method.getMethod(), e.getMessage());
        }
    }

    /**
     * Downloads a file from {@code <base>/file/bot<token>/<path>} (the library's own download
     * always goes to api.telegram.org). At most {@code maxBytes}; a bigger file is refused.
     */
    byte[] download(String filePath, long maxBytes) {
        Request request = new Request.Builder().url(base + "/file/bot" + token + "/" + filePath).get().build();
        try (Response response = http.newCall(request).execute(); ResponseBody body = response.body()) {
            if (!response.isSuccessful() || body == null) {
                throw new IOException("HTTP " + response.code());
            }
            try (InputStream in = body.byteStream()) {
                byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (bytes.length > maxBytes) throw new IOException("the file is larger than " + maxBytes + " bytes");
                return bytes;
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot download the photo: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws TelegramApiException;
    }

    private <T> T withRetries(String method, Call<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (TelegramApiRequestException e) {
                Integer retryAfter = e.getParameters() == null ? null : e.getParameters().getRetryAfter();
                boolean flood = e.getErrorCode() != null && e.getErrorCode() == 429;
                if (!flood || attempt >= MAX_TRIES) throw new CallFailed(method, e);
                long wait = Math.min(MAX_WAIT_SECONDS, retryAfter == null ? attempt : Math.max(1, retryAfter));
                LOG.info("Telegram asks to slow down on {}: waiting {} s (try {} of {})", method, wait, attempt, MAX_TRIES);
                sleep(wait * 1000);
            } catch (TelegramApiException e) {
                throw new CallFailed(method, e);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting out a flood limit", e);
        }
    }

    @Override
    public void close() {
        // Sends still in flight at shutdown: the ledger posts their results again after the restart.
        http.dispatcher().cancelAll();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}

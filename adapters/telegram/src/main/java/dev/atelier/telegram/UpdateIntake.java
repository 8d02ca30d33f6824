package dev.atelier.telegram;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.longpolling.interfaces.LongPollingUpdateConsumer;
import org.telegram.telegrambots.meta.api.objects.Update;

import java.util.List;
import java.util.function.Consumer;

/**
 * The poller's consumer. It runs on TelegramBots' polling thread, so it only translates each
 * update and hands it to the chat's lane: a slow database or Bot API call here would stop every
 * chat from being heard.
 */
final class UpdateIntake implements LongPollingUpdateConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(UpdateIntake.class);

    private final ChatLanes lanes;
    private final Consumer<Incoming> handler;

    UpdateIntake(ChatLanes lanes, Consumer<Incoming> handler) {
        this.lanes = lanes;
        this.handler = handler;
    }

    @Override
    public void consume(List<Update> updates) {
        for (Update update : updates) {
            Incoming incoming;
            try {
                incoming = Incoming.of(update);
            } catch (RuntimeException e) {
                LOG.debug("update {} cannot be read; skipped", update.getUpdateId(), e);
                continue;
            }
            if (incoming instanceof Incoming.Skipped s) {
                LOG.debug("update {} skipped: {}", update.getUpdateId(), s.why());
                continue;
            }
            lanes.submit(incoming.chatId(), () -> handler.accept(incoming));
        }
    }
}

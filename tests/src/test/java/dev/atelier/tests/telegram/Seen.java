package dev.atelier.tests.telegram;

import dev.atelier.core.conversation.ConversationStore;
import dev.atelier.core.conversation.Turn;
import dev.atelier.core.image.ImageStore;
import dev.atelier.tests.support.RunningAtelier;
import dev.atelier.tests.telegram.FakeTelegram.Call;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What a person in a Telegram chat sees, and what Atelier stored of it, for the tests' assertions. */
final class Seen {

    static final Duration TURN = Duration.ofSeconds(60);

    private Seen() {
    }

    /** The photos the bot posted in the chat, once there are at least {@code count}. */
    static List<Call> awaitPhotos(FakeTelegram telegram, long chat, int count) {
        telegram.await(count + " photo(s) in chat " + chat, TURN,
                () -> photos(telegram, chat).size() >= count);
        return photos(telegram, chat);
    }

    static List<Call> photos(FakeTelegram telegram, long chat) {
        return telegram.calls("sendPhoto", c -> c.chatId() == chat && c.result() != null);
    }

    static List<String> texts(FakeTelegram telegram, long chat) {
        return telegram.calls("sendMessage", c -> c.chatId() == chat).stream().map(c -> c.param("text")).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> buttons(Call photo) {
        Map<String, String> byLabel = new LinkedHashMap<>();
        for (List<Map<String, Object>> row : (List<List<Map<String, Object>>>) photo.replyMarkup().get("inline_keyboard")) {
            for (Map<String, Object> b : row) byLabel.put((String) b.get("text"), (String) b.get("callback_data"));
        }
        return byLabel;
    }

    /** The turns people sent in a conversation ({@code key}: the chat id, or chat:user in a group). */
    static List<Turn> userTurns(RunningAtelier atelier, String key) {
        return turns(atelier, key).stream().filter(t -> t.role() == Turn.Role.USER).toList();
    }

    static List<Turn> turns(RunningAtelier atelier, String key) {
        ConversationStore conversations = atelier.context().getBean(ConversationStore.class);
        return conversations.findLatest("telegram", key).map(c -> conversations.turns(c.id())).orElse(List.of());
    }

    static String sha(RunningAtelier atelier, UUID imageId) {
        return atelier.context().getBean(ImageStore.class).find(imageId).orElseThrow().sha256();
    }

    /** Time for a wrong extra reply to show up, if there were one. */
    static void settle() {
        try {
            Thread.sleep(1500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static byte[] png(Color color) {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, 64, 64);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

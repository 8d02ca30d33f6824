package dev.atelier.tests.telegram;

import dev.atelier.core.conversation.ConversationStore;
import dev.atelier.core.conversation.Turn;
import dev.atelier.core.image.ImageStore;
import dev.atelier.core.image.Task;
import dev.atelier.tests.support.RunningAtelier;
import dev.atelier.tests.telegram.FakeTelegram.Call;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real TelegramBots client inside a real Atelier (PostgreSQL, Redis, the tiny model) against
 * a fake Bot API server: what a person in a private chat with the bot sees.
 */
@DisplayName("Atelier as a Telegram bot in a private chat")
class TelegramPrivateChatTest {

    private static final Duration TURN = Duration.ofSeconds(60);
    private static final AtomicLong CHATS = new AtomicLong(7_000);

    private static FakeTelegram telegram;
    private static RunningAtelier atelier;

    @BeforeAll
    static void start() {
        telegram = new FakeTelegram();
        atelier = RunningAtelier.onTestServers(TelegramAteliers.settings(telegram));
    }

    @AfterAll
    static void stop() {
        if (atelier != null) atelier.close();
        if (telegram != null) telegram.close();
    }

    @Test
    void aTextGetsAStatusMessageThatShowsProgressThenThePhotoWithItsPromptAndButtons() {
        long chat = CHATS.incrementAndGet();
        // WHEN a person writes to the bot
        long sentAt = System.nanoTime();
        telegram.deliver(telegram.textMessage(chat, "a lighthouse on a cliff at sunset"));

        // THEN a photo arrives
        Call photo = awaitPhotos(chat, 1).getFirst();
        long millis = (System.nanoTime() - sentAt) / 1_000_000;
        // The figures the issue asks for: latency to the photo, and Bot API calls for one turn.
        telegram.await("the status message removed", TURN, () -> !telegram.calls("deleteMessage", c -> c.chatId() == chat).isEmpty());
        System.out.printf("Telegram turn: text update to sendPhoto in %d ms; %d Bot API calls (%s)%n",
                millis, telegram.callsTo(chat).size(), telegram.callsTo(chat).stream().map(Call::method).toList());

        // AND before it, at once, a status message saying the prompt is being refined
        Call status = telegram.calls("sendMessage", c -> c.chatId() == chat).getFirst();
        assertThat(status.param("text")).startsWith("Refining your prompt… queued, position ");
        assertThat(status.at()).isBefore(photo.at());
        // (its progress edits are in TelegramProgressTest, where the job waits for the status message)
        // and removed once the photo was there
        telegram.await("the status message removed", TURN, () -> !telegram.calls("deleteMessage",
                c -> c.chatId() == chat && c.param("message_id").equals(String.valueOf(status.resultMessageId()))).isEmpty());

        // AND the photo is a PNG whose caption is the visible prompt, with the buttons under it
        assertThat(new String(photo.file("photo"), 1, 3, StandardCharsets.ISO_8859_1)).isEqualTo("PNG");
        assertThat(photo.param("caption")).contains("lighthouse").hasSizeGreaterThan(40).hasSizeLessThanOrEqualTo(1024);
        assertThat(buttonLabels(photo)).containsExactly("🔄 Regenerate", "🎲 Variations", "⬅", "➡", "⬆", "⬇", "🔍 Zoom out");
        assertThat(buttons(photo).values()).allSatisfy(data ->
                assertThat(data.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(64));
    }

    @Test
    void inPollingModeThereIsNoWebhookToPostTo() {
        // No route at all (not even one refusing the method): nobody can feed a polling bot updates.
        assertThat(atelier.api().get("/webhooks/telegram").status()).isEqualTo(404);
    }

    @Test
    void regenerateButtonIsAnsweredAtOnceAndPostsOneNewPhotoEvenWhenPressedTwice() {
        long chat = CHATS.incrementAndGet();
        // GIVEN a picture in the chat
        telegram.deliver(telegram.textMessage(chat, "a red fox in the snow"));
        Call first = awaitPhotos(chat, 1).getFirst();
        String regenerate = buttons(first).get("🔄 Regenerate");

        // WHEN the person presses Regenerate twice before the new picture is there
        var press = telegram.buttonPress(chat, first.resultMessageId(), regenerate);
        var again = telegram.buttonPress(chat, first.resultMessageId(), regenerate);
        telegram.deliver(press, again);

        // THEN each press is answered with a toast, the second one saying the job is under way
        telegram.await("both presses answered", TURN, () -> telegram.calls("answerCallbackQuery", c -> true).stream()
                .filter(c -> c.param("callback_query_id").equals(id(press)) || c.param("callback_query_id").equals(id(again)))
                .count() == 2);
        assertThat(toast(id(press))).isEqualTo("Regenerating…");
        assertThat(toast(id(again))).isEqualTo("Already on it…");

        // AND exactly one new photo comes, of the same subject, with its own buttons
        List<Call> photos = awaitPhotos(chat, 2);
        assertThat(photos.get(1).param("caption")).contains("fox");
        assertThat(buttons(photos.get(1)).get("🔄 Regenerate")).isNotEqualTo(regenerate);
        settle();
        assertThat(telegram.calls("sendPhoto", c -> c.chatId() == chat)).hasSize(2);
    }

    @Test
    void variationsStartFromThePressedPictureAndRegenerateRepeatsTheRequestWithItsImage() throws Exception {
        long chat = CHATS.incrementAndGet();
        // GIVEN a picture made from a photo the person sent
        telegram.deliver(telegram.photoMessage(chat, "something like this", png(Color.GREEN)));
        Call first = awaitPhotos(chat, 1).getFirst();

        // WHEN they press Variations, then Regenerate, under it
        telegram.deliver(telegram.buttonPress(chat, first.resultMessageId(), buttons(first).get("🎲 Variations")));
        awaitPhotos(chat, 2);
        telegram.deliver(telegram.buttonPress(chat, first.resultMessageId(), buttons(first).get("🔄 Regenerate")));
        awaitPhotos(chat, 3);

        // THEN Variations was a similar-image turn from that picture, and Regenerate the same
        // request again: the same words and the photo they sent
        ConversationStore conversations = atelier.context().getBean(ConversationStore.class);
        ImageStore images = atelier.context().getBean(ImageStore.class);
        var conversation = conversations.findLatest("telegram", String.valueOf(chat)).orElseThrow();
        List<Turn> turns = conversations.turns(conversation.id());
        List<Turn> asked = turns.stream().filter(t -> t.role() == Turn.Role.USER).toList();
        String firstResult = sha(images, turns.stream().filter(t -> t.role() == Turn.Role.ASSISTANT).findFirst()
                .orElseThrow().imageIds().getFirst());
        assertThat(asked).hasSize(3);
        assertThat(asked.get(1).task()).isEqualTo(Task.SIMILAR);
        assertThat(sha(images, asked.get(1).imageIds().getFirst())).isEqualTo(firstResult);
        assertThat(asked.get(2).text()).isEqualTo("something like this");
        assertThat(asked.get(2).task()).isEqualTo(asked.getFirst().task());
        assertThat(sha(images, asked.get(2).imageIds().getFirst())).isEqualTo(sha(images, asked.getFirst().imageIds().getFirst()));
    }

    @Test
    void theSameUpdateDeliveredTwiceGetsOneReply() {
        long chat = CHATS.incrementAndGet();
        var update = telegram.textMessage(chat, "a paper boat on a pond");
        // Telegram re-sends an update it thinks was not received; here in the same batch.
        telegram.deliver(update, update);

        awaitPhotos(chat, 1);
        settle();
        assertThat(telegram.calls("sendPhoto", c -> c.chatId() == chat)).hasSize(1);
        assertThat(telegram.calls("sendMessage", c -> c.chatId() == chat)).hasSize(1);
    }

    @Test
    void aPhotoWithACaptionStartsATurnWithThatImageAndAPhotoAloneAsksForSomethingSimilar() throws Exception {
        long chat = CHATS.incrementAndGet();
        byte[] png = png(Color.ORANGE);
        // WHEN a person sends a photo with a caption, then one without
        telegram.deliver(telegram.photoMessage(chat, "something like this, at night", png));
        awaitPhotos(chat, 1);
        telegram.deliver(telegram.photoMessage(chat, null, png(Color.BLUE)));
        awaitPhotos(chat, 2);

        // THEN the bot fetched the biggest size through getFile and the file URL
        assertThat(telegram.calls("getFile", c -> true)).anySatisfy(c -> assertThat(c.param("file_id")).doesNotEndWith("-small"));
        assertThat(telegram.calls("file", c -> true)).isNotEmpty();
        // AND both turns carry the image; the one with no caption is a similar-image turn
        ConversationStore conversations = atelier.context().getBean(ConversationStore.class);
        var conversation = conversations.findLatest("telegram", String.valueOf(chat)).orElseThrow();
        List<Turn> userTurns = conversations.turns(conversation.id()).stream()
                .filter(t -> t.role() == Turn.Role.USER).toList();
        assertThat(userTurns).hasSize(2).allSatisfy(t -> assertThat(t.imageIds()).hasSize(1));
        assertThat(userTurns.getFirst().text()).isEqualTo("something like this, at night");
        assertThat(userTurns.get(1).task()).isEqualTo(Task.SIMILAR);
    }

    @Test
    void stickersPollsEditsAndUnknownUpdatesBreakNothingAndTheNextTextStillGetsItsPhoto() {
        long chat = CHATS.incrementAndGet();
        var sticker = telegram.message(chat);
        sticker.put("sticker", Map.of("file_id", "st", "file_unique_id", "st", "type", "regular", "width", 512,
                "height", 512, "is_animated", false, "is_video", false));
        var edited = telegram.message(chat);
        edited.put("text", "a typo fixed");
        edited.put("edit_date", 1);
        var withNewField = telegram.message(chat);
        withNewField.put("text", "/help");
        withNewField.put("a_field_from_a_future_bot_api", Map.of("x", 1));
        telegram.deliver(
                telegram.update("message", sticker),
                telegram.update("poll", Map.of("id", "p1", "question", "?", "options", List.of(), "total_voter_count", 0,
                        "is_closed", false, "is_anonymous", true, "type", "regular", "allows_multiple_answers", false)),
                telegram.update("edited_message", edited),
                telegram.update("a_future_update_type", Map.of("whatever", List.of(1, 2, 3))),
                telegram.update("message", withNewField));

        telegram.deliver(telegram.textMessage(chat, "a cottage in the woods"));

        Call photo = awaitPhotos(chat, 1).getFirst();
        assertThat(photo.param("caption")).contains("cottage");
        // Only the /help with an unknown field got an answer besides the turn
        List<String> texts = telegram.calls("sendMessage", c -> c.chatId() == chat).stream().map(c -> c.param("text")).toList();
        assertThat(texts).hasSize(2);
        assertThat(texts.getFirst()).startsWith("I am Atelier");
    }

    @Test
    void aFloodLimitOnSendPhotoIsWaitedOutAndThePhotoArrivesAfterTheWait() {
        long chat = CHATS.incrementAndGet();
        telegram.floodNext("sendPhoto", 1, 2);
        telegram.deliver(telegram.textMessage(chat, "a hot air balloon"));

        telegram.await("the photo after the flood wait", TURN,
                () -> telegram.calls("sendPhoto", c -> c.chatId() == chat && c.result() != null).size() == 1);
        List<Call> tries = telegram.calls("sendPhoto", c -> c.chatId() == chat);
        assertThat(tries).hasSize(2);
        assertThat(Duration.between(tries.get(0).at(), tries.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        assertThat(telegram.calls("sendMessage", c -> c.chatId() == chat)).hasSize(1); // the status only
    }

    @Test
    void zoomOutButtonGetsAZoomedOutPhoto() {
        long chat = CHATS.incrementAndGet();
        telegram.deliver(telegram.textMessage(chat, "a castle on a hill"));
        Call first = awaitPhotos(chat, 1).getFirst();

        var press = telegram.buttonPress(chat, first.resultMessageId(), buttons(first).get("🔍 Zoom out"));
        telegram.deliver(press);

        // outpainting runs since the inference slice landed: the answer is a second photo
        telegram.await("the zoomed-out photo", TURN, () ->
                telegram.calls("sendPhoto", c -> c.chatId() == chat && c.result() != null).size() == 2);
        assertThat(toast(id(press))).isEqualTo("Zooming out…");
    }

    @Test
    void aRefusedTurnIsAnsweredWithWhyAndStartsNoJob() {
        long chat = CHATS.incrementAndGet();
        telegram.deliver(telegram.textMessage(chat, "x".repeat(4_050)));

        telegram.await("the refusal", TURN, () -> !telegram.calls("sendMessage", c -> c.chatId() == chat).isEmpty());
        assertThat(telegram.calls("sendMessage", c -> c.chatId() == chat).getFirst().param("text"))
                .isEqualTo("The message is 4050 characters long; the limit is 4000.");
        settle();
        assertThat(telegram.callsTo(chat)).extracting(Call::method).containsExactly("sendmessage");
    }

    @Test
    void startAndHelpAnswerWithWhatTheBotDoes() {
        long chat = CHATS.incrementAndGet();
        telegram.deliver(telegram.textMessage(chat, "/start"), telegram.textMessage(chat, "/help"));

        telegram.await("two answers", TURN, () -> telegram.calls("sendMessage", c -> c.chatId() == chat).size() == 2);
        assertThat(telegram.calls("sendMessage", c -> c.chatId() == chat)).allSatisfy(c ->
                assertThat(c.param("text")).startsWith("I am Atelier").contains("/imagine").contains("Regenerate"));
        // and the commands are in Telegram's command menu: one default list, and one for each of
        // the languages whose speakers see their own
        List<Call> menus = telegram.calls("setMyCommands", c -> true);
        assertThat(menus).extracting(c -> c.param("language_code")).containsExactlyInAnyOrder(null, "de", "es", "fr", "ru", "pt");
        assertThat(menus).allSatisfy(c -> assertThat(c.param("commands"))
                .contains("imagine", "edit", "outpaint", "reset", "settings", "help", "start"));
        assertThat(menus).filteredOn(c -> c.param("language_code") == null).singleElement()
                .satisfies(c -> assertThat(c.param("commands")).contains("Paint a picture from a description"));
        assertThat(menus).filteredOn(c -> "de".equals(c.param("language_code"))).singleElement()
                .satisfies(c -> assertThat(c.param("commands")).contains("Ein Bild nach einer Beschreibung malen"));
    }

    @Test
    void imagineCommandIsATextTurn() {
        long chat = CHATS.incrementAndGet();
        telegram.deliver(telegram.textMessage(chat, "/imagine a teapot shaped like a whale"));

        assertThat(awaitPhotos(chat, 1).getFirst().param("caption")).contains("teapot").doesNotContain("/imagine");
    }

    // ---- what the person sees ---------------------------------------------------------------

    private static List<Call> awaitPhotos(long chat, int count) {
        telegram.await(count + " photo(s) in chat " + chat, TURN,
                () -> telegram.calls("sendPhoto", c -> c.chatId() == chat && c.result() != null).size() >= count);
        return telegram.calls("sendPhoto", c -> c.chatId() == chat && c.result() != null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> buttons(Call photo) {
        Map<String, String> byLabel = new java.util.LinkedHashMap<>();
        for (List<Map<String, Object>> row : (List<List<Map<String, Object>>>) photo.replyMarkup().get("inline_keyboard")) {
            for (Map<String, Object> b : row) byLabel.put((String) b.get("text"), (String) b.get("callback_data"));
        }
        return byLabel;
    }

    private static List<String> buttonLabels(Call photo) {
        return List.copyOf(buttons(photo).keySet());
    }

    @SuppressWarnings("unchecked")
    private static String id(Map<String, Object> callbackUpdate) {
        return (String) ((Map<String, Object>) callbackUpdate.get("callback_query")).get("id");
    }

    private static String toast(String callbackId) {
        return telegram.calls("answerCallbackQuery", c -> callbackId.equals(c.param("callback_query_id")))
                .getFirst().param("text");
    }

    /** Time for a wrong second reply to show up, if there were one. */
    private static void settle() {
        try {
            Thread.sleep(1500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String sha(ImageStore images, java.util.UUID imageId) {
        return images.find(imageId).orElseThrow().sha256();
    }

    private static byte[] png(Color color) throws Exception {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, 64, 64);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}

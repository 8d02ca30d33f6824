package dev.atelier.telegram;

import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.api.objects.MessageEntity;
import org.telegram.telegrambots.meta.api.objects.User;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How the words of a message are read: the bot's mentions, commands and /outpaint's arguments. */
class CommandWordsTest {

    private static final Incoming.Me ME = new Incoming.Me(123, "atelier_bot");

    @Test
    void theBotsMentionIsTakenOutEvenAfterAnEmojiWhoseLengthTelegramCountsInUtf16Units() {
        String text = "🎨 @Atelier_Bot a red fox";
        var words = Incoming.words(text, List.of(mention(text, "@Atelier_Bot")), ME);
        assertThat(words.mentioned()).isTrue();
        assertThat(words.text()).isEqualTo("🎨 a red fox");
        assertThat(words.command()).isNull();
    }

    @Test
    void someoneElsesMentionIsNotTheBotsAndStaysInTheText() {
        String text = "@someone_else a red fox";
        var words = Incoming.words(text, List.of(mention(text, "@someone_else")), ME);
        assertThat(words.mentioned()).isFalse();
        assertThat(words.text()).isEqualTo(text);
    }

    @Test
    void aMentionByUserIdCountsForABotWithoutAUsername() {
        String text = "Atelier paint a boat";
        MessageEntity e = MessageEntity.builder().type("text_mention").offset(0).length(7)
                .user(User.builder().id(123L).firstName("Atelier").isBot(true).build()).build();
        var words = Incoming.words(text, List.of(e), new Incoming.Me(123, null));
        assertThat(words.mentioned()).isTrue();
        assertThat(words.text()).isEqualTo("paint a boat");
    }

    @Test
    void aCommandMayNameTheBotButNotAnotherBot() {
        assertThat(Incoming.words("/imagine@atelier_bot a kite", List.of(), ME).command()).isEqualTo("imagine");
        assertThat(Incoming.words("/imagine@atelier_bot a kite", List.of(), ME).text()).isEqualTo("a kite");
        assertThat(Incoming.words("/Edit make it night", List.of(), ME).command()).isEqualTo("edit");
        assertThat(Incoming.words("/imagine@other_bot a kite", List.of(), ME).otherBotsCommand()).isTrue();
    }

    @Test
    void outpaintTakesADirectionAndAnOptionalFractionOrPercentage() {
        assertThat(Commands.outpaint("right")).contains(new Commands.Outpaint("right", null));
        assertThat(Commands.outpaint("left 0.25")).contains(new Commands.Outpaint("left", 0.25));
        assertThat(Commands.outpaint("up 50%")).contains(new Commands.Outpaint("up", 0.5));
        assertThat(Commands.outpaint("bottom 75")).contains(new Commands.Outpaint("down", 0.75));
        assertThat(Commands.outpaint("out")).contains(new Commands.Outpaint("all", null));
        assertThat(Commands.outpaint("sideways")).isEmpty();
        assertThat(Commands.outpaint("")).isEmpty();
        assertThat(Commands.outpaint("right 300%")).isEmpty();
        assertThat(Commands.outpaint("right lots")).isEmpty();
    }

    @Test
    void everyLanguageDescribesEveryCommandWithinTelegramsLimits() {
        assertThat(Commands.DESCRIPTIONS).containsKeys("", "de", "es", "fr", "ru", "pt");
        Commands.DESCRIPTIONS.values().forEach(menu -> {
            assertThat(menu.keySet()).containsExactlyElementsOf(Commands.MENU);
            // Bot API: a description is 1 to 256 characters (3 to 256 before 2024)
            assertThat(menu.values()).allSatisfy(d -> assertThat(d.length()).isBetween(3, 256));
        });
    }

    private static MessageEntity mention(String text, String mention) {
        return MessageEntity.builder().type("mention").offset(text.indexOf(mention)).length(mention.length()).build();
    }
}

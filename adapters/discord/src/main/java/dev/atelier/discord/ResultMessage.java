package dev.atelier.discord;

import dev.atelier.core.delivery.ResultAction;
import dev.atelier.core.delivery.StatusWords;
import dev.atelier.core.image.GenerationSettings;
import dev.atelier.core.job.Job;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.utils.FileUpload;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;
import net.dv8tion.jda.api.utils.messages.MessageEditData;

import java.util.ArrayList;
import java.util.List;

/** What a finished job looks like in Discord: the picture, an embed with its prompt and settings, the buttons. */
final class ResultMessage {

    /** Discord's accent for our embeds; any colour would do, a fixed one makes ours recognisable. */
    private static final int ACCENT = 0x7F5AF0;
    /** A message carries at most 10 embeds and 10 attachments. */
    private static final int MAX_IMAGES = 10;
    static final String PREVIEW_NAME = "preview.jpg";

    private ResultMessage() {
    }

    static MessageEditData text(String content) {
        // Replace: the progress text gives way to the whole new content, not merged with it.
        return new MessageEditBuilder().setReplace(true).setContent(StatusWords.fit(content, ProgressText.CONTENT_LIMIT)).build();
    }

    /**
     * A progress edit with the picture so far attached. Like every edit it replaces the message, so
     * the next one (another preview, or the result) leaves no stale preview behind.
     */
    static MessageEditData progress(String content, byte[] previewJpeg) {
        return new MessageEditBuilder().setReplace(true).setContent(StatusWords.fit(content, ProgressText.CONTENT_LIMIT))
                .setFiles(FileUpload.fromData(previewJpeg, PREVIEW_NAME)).build();
    }

    /**
     * @param pngs        the job's images in order
     * @param key         the delivery's action key, carried by the buttons
     * @param uploadLimit the most bytes the channel takes in one message; bigger pictures are re-encoded
     */
    static MessageEditData images(Job job, List<byte[]> pngs, String key, long uploadLimit) {
        List<FileUpload> files = new ArrayList<>();
        List<MessageEmbed> embeds = new ArrayList<>();
        GenerationSettings s = job.settings();
        int count = Math.min(pngs.size(), MAX_IMAGES);
        for (int i = 0; i < count; i++) {
            // Each picture gets its share of the limit, so that the message as a whole fits.
            UploadFit.Fitted fitted = UploadFit.fit(pngs.get(i), uploadLimit / count);
            String name = "atelier-" + (i + 1) + "." + fitted.extension();
            files.add(FileUpload.fromData(fitted.bytes(), name));
            String prompt = i < job.prompts().size() ? job.prompts().get(i) : "";
            EmbedBuilder embed = new EmbedBuilder().setColor(ACCENT)
                    .setDescription(prompt.isBlank() ? null : StatusWords.fit(prompt, ProgressText.DESCRIPTION_LIMIT))
                    .setImage("attachment://" + name);
            if (s != null) {
                embed.addField("Seed", String.valueOf(s.seed()), true)
                        .addField("Size", s.width() + "×" + s.height(), true)
                        .addField("Steps", String.valueOf(s.steps()), true);
            }
            embeds.add(embed.build());
        }
        String content = job.text() == null ? "" : StatusWords.fit(job.text(), ProgressText.CONTENT_LIMIT);
        return new MessageEditBuilder().setReplace(true).setContent(content).setEmbeds(embeds).setFiles(files)
                .setComponents(buttons(key)).build();
    }

    /** The buttons act on the first image; one row per kind of action, as in the Telegram keyboard. */
    static List<ActionRow> buttons(String key) {
        List<Button> first = row(key, ResultAction.REGENERATE, ResultAction.VARIATIONS);
        // Discord has forms, so Edit asks for its instruction in one (EditForm).
        first.add(Button.secondary(EditForm.buttonId(key, 0), EditForm.LABEL));
        return List.of(ActionRow.of(first),
                ActionRow.of(row(key, ResultAction.LEFT, ResultAction.RIGHT, ResultAction.UP, ResultAction.DOWN)),
                ActionRow.of(row(key, ResultAction.ZOOM_OUT)));
    }

    private static List<Button> row(String key, ResultAction... actions) {
        List<Button> buttons = new ArrayList<>();
        for (ResultAction a : actions) buttons.add(Button.secondary(a.data(key, 0), a.label));
        return buttons;
    }
}

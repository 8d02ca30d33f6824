package dev.atelier.core.llmga;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a prompt model's raw reply into the visible text and the generation prompts, by the
 * LLMGA protocol: each prompt sits inside {@code <gen_image> … </gen_image>}, one reply may
 * hold several spans, and the closing tag may be missing (the rest of the reply is then the
 * prompt).
 *
 * <p>The reply comes from a model, so it is treated as untrusted input: the parser is a single
 * left-to-right scan with a bounded look-ahead at each {@code <}, never a regular expression,
 * so its time is linear in the input whatever the input holds. It is stateless and
 * thread-safe.
 *
 * <p>What counts as a tag: {@code <}, optional spaces, an optional {@code /}, the name
 * {@code gen_image} in any case (also {@code gen-image} and {@code genimage}, which models
 * write now and then), optional spaces, an optional {@code /} and {@code >}. A tag whose
 * {@code >} is missing ({@code <gen_image a cat}) still counts when the name ends at a word
 * boundary, because a model that forgot the bracket still meant the tag. A self-closing
 * {@code <gen_image/>} is dropped. A closing tag outside a span is dropped; an opening tag
 * inside a span is dropped and does not start a second prompt.
 */
public final class LlmgaReplyParser {

    /**
     * Longest prompt kept, in chars. The text encoders read far less (CLIP sees 77 tokens,
     * about 300 chars; T5-based encoders about 512 tokens, about 2000 chars), and the prompt
     * is shown to the user, where Discord allows 2000 chars per message. A longer span is a
     * runaway model, so it is cut at a word boundary rather than passed on.
     */
    public static final int MAX_PROMPT_CHARS = 2000;

    /**
     * Most prompts taken from one reply. Each prompt becomes an image job; Discord and
     * Telegram both deliver at most 10 images per message, and a reply with thousands of spans
     * must not turn into thousands of jobs. Spans past the limit are dropped whole.
     */
    public static final int MAX_PROMPTS = 10;

    /**
     * Stands where a span was taken out of the text: read as a space inside a line, and a line
     * holding nothing else disappears instead of leaving a blank line. A Unicode noncharacter,
     * so no real text means it; one in the input is read as a space.
     */
    private static final char SPAN_MARK = '\uFFFF';

    /** Spaces tolerated around the parts of a tag; bounded so a look-ahead stays short. */
    private static final int MAX_TAG_SPACES = 8;

    private LlmgaReplyParser() {
    }

    /** Parses a raw reply; {@code null} or empty gives empty text and no prompts. */
    public static LlmgaReply parse(String raw) {
        if (raw == null || raw.isEmpty()) return new LlmgaReply("", List.of());
        StringBuilder text = new StringBuilder(Math.min(raw.length(), 1 << 16));
        StringBuilder span = null;
        List<String> prompts = new ArrayList<>();
        int i = 0;
        int n = raw.length();
        while (i < n) {
            char c = raw.charAt(i);
            Tag tag = c == '<' ? readTag(raw, i) : null;
            if (tag == null) {
                if (span != null) {
                    appendToSpan(span, c);
                } else {
                    text.append(c == SPAN_MARK ? ' ' : c);
                }
                i++;
                continue;
            }
            i = tag.end();
            if (tag.kind() == Kind.OPEN && span == null) {
                span = new StringBuilder();
                // Keeps "word<gen_image>…</gen_image>word" from gluing two words together.
                text.append(SPAN_MARK);
            } else if (tag.kind() == Kind.CLOSE && span != null) {
                addPrompt(prompts, span);
                span = null;
                text.append(SPAN_MARK);
            }
            // Everything else (a nested open, a stray close, a self-closing tag) is dropped.
        }
        if (span != null) addPrompt(prompts, span);
        return new LlmgaReply(tidyText(text), prompts);
    }

    /**
     * Collapses whitespace as it goes and stops copying just past the cap: a span beyond it
     * cannot be kept anyway, and one extra char tells {@link #cap} where the last word ends.
     */
    private static void appendToSpan(StringBuilder span, char c) {
        if (span.length() > MAX_PROMPT_CHARS + 1) return;
        if (isSpace(c)) {
            if (!span.isEmpty() && span.charAt(span.length() - 1) != ' ') span.append(' ');
        } else {
            span.append(c);
        }
    }

    private static void addPrompt(List<String> prompts, StringBuilder span) {
        String prompt = cap(span.toString().strip());
        if (!prompt.isEmpty() && prompts.size() < MAX_PROMPTS) prompts.add(prompt);
    }

    private enum Kind { OPEN, CLOSE, SELF_CLOSING }

    private record Tag(Kind kind, int end) {
    }

    /** Reads a tag starting at {@code start} (a {@code <}), or {@code null} if there is none. */
    private static Tag readTag(String s, int start) {
        int n = s.length();
        int i = skipSpaces(s, start + 1);
        boolean closing = false;
        if (i < n && s.charAt(i) == '/') {
            closing = true;
            i = skipSpaces(s, i + 1);
        }
        i = readName(s, i);
        if (i < 0) return null;
        int afterName = i;
        i = skipSpaces(s, i);
        boolean selfClosing = false;
        if (i < n && s.charAt(i) == '/') {
            selfClosing = true;
            i = skipSpaces(s, i + 1);
        }
        Kind kind = selfClosing && !closing ? Kind.SELF_CLOSING : closing ? Kind.CLOSE : Kind.OPEN;
        if (i < n && s.charAt(i) == '>') return new Tag(kind, i + 1);
        // No '>': still a tag if the name is a whole word ("<gen_image a cat", "<gen_image" at
        // the end of a cut-off reply), not the start of a longer word ("<gen_images>").
        if (afterName < n && isWordChar(s.charAt(afterName))) return null;
        return new Tag(kind, selfClosing ? i : afterName);
    }

    /** Matches gen_image / gen-image / genimage case-insensitively; the index after it or -1. */
    private static int readName(String s, int i) {
        i = expect(s, i, "gen");
        if (i < 0) return -1;
        if (i < s.length() && (s.charAt(i) == '_' || s.charAt(i) == '-')) i++;
        return expect(s, i, "image");
    }

    private static int expect(String s, int i, String word) {
        if (i < 0 || i + word.length() > s.length()) return -1;
        return s.regionMatches(true, i, word, 0, word.length()) ? i + word.length() : -1;
    }

    private static int skipSpaces(String s, int i) {
        int limit = Math.min(s.length(), i + MAX_TAG_SPACES);
        while (i < limit && isSpace(s.charAt(i))) i++;
        return i;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == SPAN_MARK;
    }

    /** All whitespace runs (newlines included) become one space; the ends are trimmed. */
    private static String collapseWhitespace(CharSequence s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean pendingSpace = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isSpace(c)) {
                pendingSpace = !out.isEmpty();
            } else {
                if (pendingSpace) out.append(' ');
                pendingSpace = false;
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String cap(String prompt) {
        if (prompt.length() <= MAX_PROMPT_CHARS) return prompt;
        int cut = prompt.lastIndexOf(' ', MAX_PROMPT_CHARS);
        if (cut < MAX_PROMPT_CHARS / 2) cut = MAX_PROMPT_CHARS;
        // Never split a surrogate pair: half an emoji is not a character.
        if (Character.isHighSurrogate(prompt.charAt(cut - 1))) cut--;
        return prompt.substring(0, cut).strip();
    }

    /**
     * Tidies the visible text: spaces and tabs collapse to one space, lines are trimmed, a line
     * that only held a span goes, runs of blank lines become one blank line (paragraphs
     * survive), and the whole is trimmed.
     */
    private static String tidyText(CharSequence s) {
        StringBuilder out = new StringBuilder(s.length());
        StringBuilder line = new StringBuilder();
        int blankLines = 0;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '\n';
            if (c == '\r') continue;
            if (c != '\n') {
                line.append(c);
                continue;
            }
            String tidy = collapseWhitespace(line);
            boolean heldASpan = line.indexOf(String.valueOf(SPAN_MARK)) >= 0;
            line.setLength(0);
            if (tidy.isEmpty()) {
                if (!heldASpan) blankLines++;
                continue;
            }
            if (!out.isEmpty()) out.append(blankLines > 0 ? "\n\n" : "\n");
            out.append(tidy);
            blankLines = 0;
        }
        return out.toString();
    }
}

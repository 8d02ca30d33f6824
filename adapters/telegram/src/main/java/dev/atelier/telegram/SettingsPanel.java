package dev.atelier.telegram;

import dev.atelier.core.image.StylePreset;
import dev.atelier.core.settings.UserDefaults;
import dev.atelier.core.turn.TurnLimits;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.InlineKeyboardMarkup;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardButton;
import org.telegram.telegrambots.meta.api.objects.replykeyboard.buttons.InlineKeyboardRow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/**
 * {@code /settings}: a person's own defaults (bot-core's {@link UserDefaults}) shown as a message
 * with an inline keyboard. A button carries its whole change ({@code set/steps/30}, a few bytes of
 * Telegram's 64), so nothing is kept per message: a press changes the settings of whoever pressed.
 * The same changes can be typed: {@code /settings steps 30}.
 */
final class SettingsPanel {

    static final String PREFIX = "set/";
    private static final List<Integer> STEPS = List.of(10, 20, 30, 50);
    private static final List<String> ASPECTS = List.of("1:1", "4:3", "3:4", "16:9", "9:16");
    /** Seeds drawn for "keep one seed" stay in 32 bits: short to read and to type back. */
    private static final long SEED_BOUND = 1L << 32;

    private SettingsPanel() {
    }

    static String text(UserDefaults d, TurnLimits limits) {
        return "Your settings, for every picture you ask for (a message's own --ar or --style still wins):\n"
                + "• Steps: " + (d.steps() == null ? limits.defaultSteps() + " (default)" : d.steps()) + "\n"
                + "• Shape: " + (d.aspect() == null ? "default" : d.aspect()) + "\n"
                + "• Style: " + (d.style() == null ? "none" : d.style()) + "\n"
                + "• Seed: " + (d.seed() == null ? "a new one each time" : d.seed() + " (the same prompt makes the same picture)") + "\n\n"
                + "Press a button, or type e.g. /settings steps 30, /settings aspect 16:9, /settings style anime, "
                + "/settings seed 42 (or random), /settings reset.";
    }

    static InlineKeyboardMarkup keyboard(UserDefaults d, TurnLimits limits) {
        List<InlineKeyboardRow> rows = new ArrayList<>();
        rows.add(row(STEPS.stream().filter(s -> s <= limits.maxSteps())
                .map(s -> button(mark(Objects.equals(d.steps(), s), s + " steps"), "steps", String.valueOf(s))).toList()));
        rows.add(row(ASPECTS.stream().map(a -> button(mark(a.equals(d.aspect()), a), "aspect", a)).toList()));
        List<InlineKeyboardButton> styles = new ArrayList<>();
        styles.add(button(mark(d.style() == null, "no style"), "style", "none"));
        for (StylePreset p : StylePreset.ALL) styles.add(button(mark(p.name().equals(d.style()), p.name()), "style", p.name()));
        for (int i = 0; i < styles.size(); i += 3) rows.add(row(styles.subList(i, Math.min(styles.size(), i + 3))));
        rows.add(row(List.of(button(mark(d.seed() == null, "🎲 new seed each time"), "seed", "random"),
                button(mark(d.seed() != null, "📌 keep one seed"), "seed", "keep"))));
        rows.add(row(List.of(button("↺ back to defaults", "reset", "all"))));
        return InlineKeyboardMarkup.builder().keyboard(rows).build();
    }

    /**
     * The change a button or a typed {@code <field> <value>} asks for; empty when it is not one.
     * bot-core checks the values (steps in range, a known style, an aspect between 1:4 and 4:1).
     */
    static Optional<UnaryOperator<UserDefaults>> change(String field, String value) {
        String v = value == null ? "" : value.strip();
        return switch (field.toLowerCase(Locale.ROOT)) {
            case "steps" -> integer(v).map(n -> d -> d.withSteps(n));
            case "aspect", "ar", "size", "shape" -> v.isEmpty() ? Optional.empty()
                    : Optional.of(d -> d.withAspect(v.equalsIgnoreCase("default") ? null : v));
            case "style" -> v.isEmpty() ? Optional.empty()
                    : Optional.of(d -> d.withStyle(v.equalsIgnoreCase("none") ? null : v));
            case "seed" -> switch (v.toLowerCase(Locale.ROOT)) {
                case "random" -> Optional.of(d -> d.withSeed(null));
                case "keep" -> Optional.of(d -> d.seed() != null ? d
                        : d.withSeed(ThreadLocalRandom.current().nextLong(SEED_BOUND)));
                default -> {
                    try {
                        long seed = Long.parseLong(v);
                        yield Optional.of(d -> d.withSeed(seed));
                    } catch (NumberFormatException e) {
                        yield Optional.empty();
                    }
                }
            };
            case "reset" -> Optional.of(d -> UserDefaults.NONE);
            default -> Optional.empty();
        };
    }

    /** The change a settings button carries ({@code set/<field>/<value>}). */
    static Optional<UnaryOperator<UserDefaults>> pressed(String data) {
        String[] p = data.substring(PREFIX.length()).split("/", 2);
        return p.length == 2 ? change(p[0], p[1]) : Optional.empty();
    }

    private static Optional<Integer> integer(String v) {
        try {
            return Optional.of(Integer.parseInt(v));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String mark(boolean chosen, String label) {
        return chosen ? "✓ " + label : label;
    }

    private static InlineKeyboardButton button(String label, String field, String value) {
        return InlineKeyboardButton.builder().text(label).callbackData(PREFIX + field + "/" + value).build();
    }

    private static InlineKeyboardRow row(List<InlineKeyboardButton> buttons) {
        return new InlineKeyboardRow(buttons);
    }
}

package dev.atelier.discord;

import dev.atelier.core.image.StylePreset;
import dev.atelier.core.settings.UserDefaults;
import dev.atelier.core.settings.UserSettings;
import dev.atelier.core.turn.RejectedTurnException;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@code /settings [steps] [aspect] [style] [seed] [random_seed] [reset]}: the person's own
 * defaults (bot-core's {@link UserSettings}), seen and changed only by them. Without options it
 * shows them; what a message or command says still wins over them.
 */
final class SettingsCommand implements DiscordCommand {

    /** The choice that clears a default, for the options that are choices. */
    private static final String DEFAULT = "default";

    private final DiscordTurns turns;
    private final UserSettings settings;

    SettingsCommand(DiscordTurns turns, UserSettings settings) {
        this.turns = turns;
        this.settings = settings;
    }

    @Override
    public SlashCommandData definition() {
        OptionData aspect = new OptionData(OptionType.STRING, "aspect", "Your pictures' usual shape");
        ImagineCommand.ASPECTS.forEach(a -> aspect.addChoice(a, a));
        aspect.addChoice("the server's default", DEFAULT);
        OptionData style = new OptionData(OptionType.STRING, "style", "A look added to all your prompts");
        StylePreset.ALL.forEach(p -> style.addChoice(p.name(), p.name()));
        style.addChoice("none", DEFAULT);
        return Commands.slash("settings", "Your own defaults for steps, shape, style and seed (only you see them)")
                .addOptions(new OptionData(OptionType.INTEGER, "steps", "Denoising steps for your pictures")
                                .setRequiredRange(1, 150),
                        aspect, style,
                        new OptionData(OptionType.INTEGER, "seed", "Always this seed: the same prompt makes the same picture")
                                .setRequiredRange(0, Integer.MAX_VALUE),
                        new OptionData(OptionType.BOOLEAN, "random_seed", "A new random seed for each picture again"),
                        new OptionData(OptionType.BOOLEAN, "reset", "Forget all your defaults"));
    }

    @Override
    public void run(Interaction i) {
        i.deferEphemeral();
        boolean reset = i.bool("reset").orElse(false);
        Optional<UnaryOperator<UserDefaults>> change = change(i);
        turns.submit(() -> {
            String answer;
            try {
                if (reset) {
                    settings.reset(DiscordTurns.PLATFORM, i.userId(), i.userName());
                    answer = "Your defaults are gone; the server's apply.\n" + describe(UserDefaults.NONE);
                } else if (change.isPresent()) {
                    answer = "Saved.\n" + describe(settings.update(DiscordTurns.PLATFORM, i.userId(), i.userName(), change.get()));
                } else {
                    answer = describe(settings.of(DiscordTurns.PLATFORM, i.userId()));
                }
            } catch (RejectedTurnException e) {
                answer = e.getMessage();
            }
            i.editOriginal(ResultMessage.text(answer)).queue();
        }, () -> i.refuse(Refusals.BUSY));
    }

    /** What the options ask to change; empty when none was given. */
    private static Optional<UnaryOperator<UserDefaults>> change(Interaction i) {
        UnaryOperator<UserDefaults> c = UnaryOperator.identity();
        boolean any = false;
        Optional<Long> steps = i.integer("steps");
        if (steps.isPresent()) {
            c = then(c, d -> d.withSteps(steps.get().intValue()));
            any = true;
        }
        Optional<String> aspect = i.string("aspect");
        if (aspect.isPresent()) {
            c = then(c, d -> d.withAspect(DEFAULT.equals(aspect.get()) ? null : aspect.get()));
            any = true;
        }
        Optional<String> style = i.string("style");
        if (style.isPresent()) {
            c = then(c, d -> d.withStyle(DEFAULT.equals(style.get()) ? null : style.get()));
            any = true;
        }
        Optional<Long> seed = i.integer("seed");
        if (seed.isPresent()) {
            c = then(c, d -> d.withSeed(seed.get()));
            any = true;
        } else if (i.bool("random_seed").orElse(false)) {
            c = then(c, d -> d.withSeed(null));
            any = true;
        }
        return any ? Optional.of(c) : Optional.empty();
    }

    private static UnaryOperator<UserDefaults> then(UnaryOperator<UserDefaults> first, UnaryOperator<UserDefaults> next) {
        return d -> next.apply(first.apply(d));
    }

    private String describe(UserDefaults d) {
        return "**Your defaults**\n"
                + "Steps: " + (d.steps() == null ? "the server's (" + settings.limits().defaultSteps() + ")" : d.steps()) + "\n"
                + "Aspect: " + (d.aspect() == null ? "the server's" : d.aspect()) + "\n"
                + "Style: " + (d.style() == null ? "none" : d.style()) + "\n"
                + "Seed: " + (d.seed() == null ? "a new one each time" : d.seed());
    }
}

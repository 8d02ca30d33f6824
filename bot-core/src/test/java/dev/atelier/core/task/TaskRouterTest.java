package dev.atelier.core.task;

import dev.atelier.core.image.Direction;
import dev.atelier.core.image.Task;
import dev.atelier.core.task.TaskRouter.Route;
import dev.atelier.core.task.TaskRouter.RouteInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class TaskRouterTest {

    private final TaskRouter router = new TaskRouter();

    private Route afterAnImage(String text) {
        return router.route(RouteInput.message(text, false, true));
    }

    private Route withAttachedImage(String text) {
        return router.route(RouteInput.message(text, true, false));
    }

    private Route withoutImage(String text) {
        return router.route(RouteInput.message(text, false, false));
    }

    @ParameterizedTest(name = "\"{0}\" after an image -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            make it night                                   | EDIT
            Make it night please                            | EDIT
            now add a red boat                              | EDIT
            Now add a red boat on the lake.                 | EDIT
            add a hat to the cat                            | EDIT
            can you make the dog blue?                      | EDIT
            turn the cat into a tiger                       | EDIT
            turn it into a watercolor                       | EDIT
            change the background to a beach                | EDIT
            but at night                                    | EDIT
            same but at night                               | EDIT
            more colourful                                  | EDIT
            a bit darker                                    | EDIT
            brighter please                                 | EDIT
            without the tree                                | EDIT
            with a hat                                      | EDIT
            at sunset                                       | EDIT
            in winter                                       | EDIT
            watercolor                                      | EDIT
            black and white                                 | EDIT
            its too dark                                    | EDIT
            it needs more contrast                          | EDIT
            the sky should be purple                        | EDIT
            I want it to be night time                      | EDIT
            I'd like the sky to be red                      | EDIT
            give her a red scarf                            | EDIT
            draw it again but in anime style                | EDIT
            what if it was raining                          | EDIT
            how about at night?                             | EDIT
            a dog instead of the cat                        | EDIT
            I like this! Now make it night                  | EDIT
            ok cool, now put a moon in the sky              | EDIT
            replace the sky with a sunset                   | EDIT
            remove the car                                  | EDIT
            erase the people in the background              | EDIT
            get rid of the clouds                           | EDIT
            fill in the gap with grass                      | EDIT
            inpaint the left eye                            | EDIT
            extend it to the left                           | OUTPAINT
            zoom out                                        | OUTPAINT
            Zoom out a bit                                  | OUTPAINT
            outpaint it                                     | OUTPAINT
            expand the canvas                               | OUTPAINT
            show more of the sky                            | OUTPAINT
            make it wider                                   | OUTPAINT
            widen the shot                                  | OUTPAINT
            uncrop                                          | OUTPAINT
            extend the right side by half                   | OUTPAINT
            show me more of the left side                   | OUTPAINT
            pan to the right                                | OUTPAINT
            Can you extend the image upward?                | OUTPAINT
            one more thing: make it night                   | EDIT
            make it a winter scene                          | EDIT
            same but blue                                   | EDIT
            a dragon with extended wings                    | GENERATE
            a bridge that extends over a river              | GENERATE
            another                                         | SIMILAR
            something like this                             | SIMILAR
            similar but with more trees                     | SIMILAR
            give me some variations                         | SIMILAR
            another one like this one                       | SIMILAR
            draw a fox in this style                        | SIMILAR
            one more please                                 | SIMILAR
            draw a castle                                   | GENERATE
            make a picture of a dog                         | GENERATE
            a cat making bread                              | GENERATE
            a castle at night                               | GENERATE
            Generate an astronaut riding a horse            | GENERATE
            show me a dragon                                | GENERATE
            I want a bowl of ramen                          | GENERATE
            an image of a sunflower field                   | GENERATE
            paint the eiffel tower                          | GENERATE
            new picture: a lighthouse                       | GENERATE
            a red sports car                                | GENERATE
            a robot that can remove snow                    | GENERATE
            a portrait of a woman with extended arms        | GENERATE
            """)
    void routesAFollowUpToAnEarlierImage(String text, Task expected) {
        assertThat(afterAnImage(text).task()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\" with an attached image -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            make it night                                   | EDIT
            remove the background                           | EDIT
            turn this into a pixel art sprite               | EDIT
            zoom out                                        | OUTPAINT
            extend the top                                  | OUTPAINT
            something like this                             | SIMILAR
            in this style please                            | SIMILAR
            draw a castle                                   | SIMILAR
            what do you think of this?                      | SIMILAR
            my dog                                          | SIMILAR
            ''                                              | SIMILAR
            """)
    void routesAMessageWithAnAttachedImage(String text, Task expected) {
        assertThat(withAttachedImage(text).task()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\" with no image -> GENERATE")
    @CsvSource(delimiter = '|', textBlock = """
            make it night
            extend it to the left
            zoom out
            something like this
            remove the car
            draw a castle
            a cat making bread
            make a picture of a dog
            ''
            """)
    void everythingIsGenerateWithoutAnImageInContext(String text) {
        assertThat(withoutImage(text).task()).isEqualTo(Task.GENERATE);
    }

    @ParameterizedTest(name = "\"{0}\" -> {1} by {2}")
    @CsvSource(delimiter = '|', textBlock = """
            extend it to the left                           | LEFT  | 0.5
            extend the right side by half                   | RIGHT | 0.5
            zoom out                                        | ALL   | 0.5
            make it wider                                   | ALL   | 0.5
            extend left and right                           | ALL   | 0.5
            extend the top by 30%                           | UP    | 0.3
            extend it downwards a little                    | DOWN  | 0.25
            show more of the sky                            | UP    | 0.5
            show more of the ground                         | DOWN  | 0.5
            extend to the left so we see more sky           | LEFT  | 0.5
            zoom out by 0.25                                | ALL   | 0.25
            extend the bottom by a third                    | DOWN  | 0.3333333333333333
            extend the canvas to the right, double it       | RIGHT | 1.0
            uncrop it a lot                                 | ALL   | 1.0
            extend it by 500 percent                        | ALL   | 2.0
            """)
    void readsTheOutpaintDirectionAndAmount(String text, Direction direction, double amount) {
        Route route = afterAnImage(text);

        assertThat(route.task()).isEqualTo(Task.OUTPAINT);
        assertThat(route.direction()).isEqualTo(direction);
        assertThat(route.amount()).isEqualTo(amount);
    }

    @Test
    void explicitTaskAlwaysWins() {
        Route route = router.route(new RouteInput(Task.SIMILAR, "make it night", false, true, true, null, null));

        assertThat(route.task()).isEqualTo(Task.SIMILAR);
        assertThat(route.reason()).contains("explicit");
    }

    @Test
    void explicitOutpaintTakesDirectionFromTheButtonOrElseFromTheText() {
        Route fromButton = router.route(new RouteInput(Task.OUTPAINT, "", false, false, true, Direction.UP, 0.75));
        Route fromText = router.route(new RouteInput(Task.OUTPAINT, "to the left", false, false, true, null, null));

        assertThat(fromButton).extracting(Route::direction, Route::amount).containsExactly(Direction.UP, 0.75);
        assertThat(fromText).extracting(Route::direction, Route::amount).containsExactly(Direction.LEFT, 0.5);
    }

    @Test
    void maskMeansInpaintWhateverTheWords() {
        Route route = router.route(new RouteInput(null, "make it night", true, true, false, null, null));

        assertThat(route.task()).isEqualTo(Task.INPAINT);
        assertThat(route.direction()).isNull();
    }

    @Test
    void directionButtonWithoutTaskMeansOutpaint() {
        Route route = router.route(new RouteInput(null, null, false, false, true, Direction.RIGHT, null));

        assertThat(route).extracting(Route::task, Route::direction, Route::amount)
                .containsExactly(Task.OUTPAINT, Direction.RIGHT, TaskRouter.DEFAULT_AMOUNT);
    }

    @Test
    void inpaintWordsWithoutAMaskBecomeAnEditAndSayWhy() {
        Route route = afterAnImage("remove the tree");

        assertThat(route.task()).isEqualTo(Task.EDIT);
        assertThat(route.reason()).contains("without a mask");
    }

    @Test
    void nonOutpaintRoutesCarryNoDirection() {
        assertThat(afterAnImage("make it night")).extracting(Route::direction, Route::amount)
                .containsExactly(null, 0.0);
    }

    @Test
    void everyRouteHasAReason() {
        assertThat(afterAnImage("a red sports car").reason()).isNotBlank();
        assertThat(withoutImage("hello").reason()).isNotBlank();
    }
}

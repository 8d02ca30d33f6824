package dev.atelier.web.api;

import dev.atelier.core.image.ModelCatalog;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** The models a message may name in its {@code model} field. */
@Controller("/api/models")
@ExecuteOn(TaskExecutors.BLOCKING)
public final class ModelController {

    private final ModelCatalog models;

    public ModelController(ModelCatalog models) {
        this.models = models;
    }

    /** @param kind {@code text-to-image} or {@code inpainting} (inpaints and outpaints only) */
    @Serdeable
    record ModelView(String name, String kind) {
    }

    @Serdeable
    record ModelsView(List<ModelView> models) {
    }

    @Get
    public ModelsView list() {
        return new ModelsView(models.installed().stream()
                .map(m -> new ModelView(m.name(), m.kind().wireName())).toList());
    }
}

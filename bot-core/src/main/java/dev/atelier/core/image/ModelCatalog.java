package dev.atelier.core.image;

import java.util.List;
import java.util.Optional;

/**
 * Port: the image models installed beside each other (pulled with {@code ./atelier models pull},
 * or generated), which a turn may name to run on. Implemented by the {@code inference} module
 * from the models directory.
 */
@FunctionalInterface
public interface ModelCatalog {

    /** No models to choose from: a turn that names one is refused. */
    ModelCatalog NONE = List::of;

    /** Every complete model, by name. */
    List<InstalledModel> installed();

    default Optional<InstalledModel> find(String name) {
        return installed().stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** The names, comma-separated, for a message. */
    default String names() {
        List<InstalledModel> all = installed();
        return all.isEmpty() ? "(none)" : String.join(", ", all.stream().map(InstalledModel::name).toList());
    }

    /** What a model can do: an inpainting model (its UNet takes 9 channels) inpaints and outpaints only. */
    enum Kind {
        TEXT_TO_IMAGE, INPAINTING;

        public String wireName() {
            return this == TEXT_TO_IMAGE ? "text-to-image" : "inpainting";
        }
    }

    record InstalledModel(String name, Kind kind) {
    }
}

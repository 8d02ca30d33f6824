package dev.atelier.app;

import io.micronaut.runtime.Micronaut;

/** {@code ./atelier run} lands here. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).mainClass(Application.class).banner(false).start();
    }
}

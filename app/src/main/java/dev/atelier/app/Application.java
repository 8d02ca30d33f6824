package dev.atelier.app;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/** {@code ./atelier run} lands here. */
public final class Application {

    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    private Application() {
    }

    public static void main(String[] args) {
        // ./atelier admin ...: a command against the database, not the server.
        if (args.length > 0 && args[0].equals("admin")) {
            System.exit(dev.atelier.app.cli.AdminCommand.run(java.util.List.of(args).subList(1, args.length),
                    System.out, System.err));
        }
        ApplicationContext context = Micronaut.build(args).mainClass(Application.class).banner(false).start();
        // On SIGTERM/Ctrl-C the JVM runs every shutdown hook at once, and ONNX Runtime's hook
        // frees its native environment under a running generation (a crash, not a stop). So
        // Atelier takes the signals itself: stop the worker (the job in hand stops at its next
        // step and resumes at the next start), close the stores and servers, and only then exit.
        for (String name : new String[]{"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> Thread.ofPlatform().name("atelier-shutdown").start(() -> {
                LOG.info("SIG{} received: stopping", name);
                try {
                    context.close();
                } finally {
                    System.exit(0);
                }
            }));
        }
    }
}

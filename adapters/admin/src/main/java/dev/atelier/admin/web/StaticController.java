package dev.atelier.admin.web;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's stylesheet and scripts, and Chart.js from its WebJar: a fixed list of files
 * from the classpath, so nothing is fetched from a CDN and no path is read from the request.
 */
@Controller("/admin/static")
@ExecuteOn(TaskExecutors.BLOCKING)
public class StaticController {

    private static final Map<String, String[]> FILES = Map.of(
            "console.css", new String[]{"console/static/console.css", "text/css; charset=utf-8"},
            "console.js", new String[]{"console/static/console.js", "text/javascript; charset=utf-8"},
            "chart.js", new String[]{"META-INF/resources/webjars/chart.js/4.5.1/dist/chart.umd.min.js",
                    "text/javascript; charset=utf-8"});

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    @Get("/{name}")
    public HttpResponse<byte[]> file(String name) {
        String[] file = FILES.get(name);
        if (file == null) return HttpResponse.notFound();
        byte[] bytes = cache.computeIfAbsent(name, n -> read(file[0]));
        return HttpResponse.ok(bytes).contentType(file[1]).header("Cache-Control", "public, max-age=3600")
                .header("X-Content-Type-Options", "nosniff");
    }

    private static byte[] read(String resource) {
        try (InputStream in = StaticController.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing console resource " + resource);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.atelier.admin.web;

import dev.atelier.admin.session.ConsoleSession;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.context.IExpressionContext;
import org.thymeleaf.linkbuilder.StandardLinkBuilder;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders the console's Thymeleaf templates ({@code console/templates/*.html}). Thymeleaf is
 * used directly: micronaut-views for Micronaut 5 is not on Maven Central, and a template engine
 * plus this class is all the views module would give the console.
 */
@Singleton
public final class Pages {

    /** Every console page's Content-Security-Policy (error pages included). */
    static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; "
            + "script-src 'self'; frame-ancestors 'none'; form-action 'self'";

    private static final Times TIMES = new Times();

    private final TemplateEngine engine = new TemplateEngine();

    public Pages() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(Pages.class.getClassLoader());
        resolver.setPrefix("console/templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        engine.setTemplateResolver(resolver);
        // Links are absolute paths (/admin/...): there is no servlet context path to prepend.
        engine.setLinkBuilder(new StandardLinkBuilder() {
            @Override
            protected String computeContextPath(IExpressionContext context, String base, Map<String, Object> parameters) {
                return "";
            }
        });
    }

    /** A whole page for a signed-in admin: the layout needs who they are and the CSRF token. */
    public MutableHttpResponse<String> page(String template, ConsoleSession session, Map<String, ?> model) {
        return html(HttpStatus.OK, render(template, null, session, model));
    }

    /** One fragment of a page (the live parts reload themselves with it). */
    public MutableHttpResponse<String> fragment(String template, String fragment, ConsoleSession session, Map<String, ?> model) {
        return html(HttpStatus.OK, render(template, fragment, session, model));
    }

    public String render(String template, String fragment, ConsoleSession session, Map<String, ?> model) {
        Map<String, Object> variables = new HashMap<>(model);
        variables.put("fmt", TIMES);
        if (session != null) {
            variables.put("me", session);
            variables.put("csrf", session.csrf());
        }
        Context context = new Context(Locale.ENGLISH, variables);
        return fragment == null ? engine.process(template, context) : engine.process(template, Set.of(fragment), context);
    }

    public static MutableHttpResponse<String> html(HttpStatus status, String body) {
        return HttpResponse.<String>status(status).body(body).contentType(MediaType.TEXT_HTML_TYPE.toString() + ";charset=utf-8")
                .header("Cache-Control", "no-store")
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "same-origin")
                .header("Content-Security-Policy", CSP);
    }
}

package dev.atelier.admin.web;

import org.thymeleaf.util.StringUtils;

/** The console's error page: a status, a title and one sentence; nothing from the exception. */
final class ErrorPage {

    private ErrorPage() {
    }

    static String html(int code, String title, String detail) {
        String t = StringUtils.escapeXml(title);
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + t + " · Atelier console</title><link rel=\"stylesheet\" href=\"/admin/static/console.css\"></head>"
                + "<body class=\"bare\"><main class=\"card narrow\"><p class=\"muted\">" + code + "</p><h1>" + t + "</h1><p>"
                + StringUtils.escapeXml(detail) + "</p><p><a href=\"/admin\">Back to the console</a></p></main></body></html>";
    }
}

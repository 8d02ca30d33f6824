package dev.atelier.tests.telegram;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough multipart/form-data reading for the fake Bot API: text fields and files. */
final class Multipart {

    private static final Pattern NAME = Pattern.compile("name=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("filename=\"([^\"]*)\"");

    private Multipart() {
    }

    static void parse(byte[] body, String contentType, Map<String, Object> fields, Map<String, byte[]> files) {
        String boundary = contentType.replaceFirst(".*boundary=\"?([^\";]+)\"?.*", "$1");
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int pos = indexOf(body, delimiter, 0);
        while (pos >= 0) {
            int start = pos + delimiter.length;
            if (start + 2 <= body.length && body[start] == '-' && body[start + 1] == '-') break;
            start += 2; // CRLF after the delimiter
            int next = indexOf(body, delimiter, start);
            if (next < 0) break;
            int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
            String headers = new String(body, start, headerEnd - start, StandardCharsets.UTF_8);
            byte[] content = Arrays.copyOfRange(body, headerEnd + 4, next - 2);
            Matcher name = NAME.matcher(headers);
            if (name.find()) {
                if (FILENAME.matcher(headers).find()) {
                    files.put(name.group(1), content);
                } else {
                    fields.put(name.group(1), new String(content, StandardCharsets.UTF_8));
                }
            }
            pos = next;
        }
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) continue outer;
            }
            return i;
        }
        return -1;
    }
}

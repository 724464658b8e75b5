package dev.laurel.api;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The path a request is routed by: its segments percent-decoded, as Spring MVC matches them. Every decision
 * made on a path (which requests need a key, which are SessionM's, what a problem's {@code instance} is) is
 * made on this, never on the raw request URI, so {@code /%761/admin/clock} is {@code /v1/admin/clock} to the
 * key check as it is to the router.
 *
 * <p>A path whose decoded form would differ from its segments in a way someone could use to make two parts
 * of Laurel see two paths is refused instead ({@link #refusal}): {@code ;} parameters, an encoded {@code /},
 * a {@code \}, {@code .} and {@code ..} segments, an empty segment ({@code //}), a control character (NUL),
 * a {@code %} left after decoding (double encoding), a {@code %} that does not decode or is not UTF-8.
 */
final class RoutedPath {

    static final String ATTRIBUTE = RoutedPath.class.getName();

    private RoutedPath() {}

    /**
     * The routed path of a request: the one {@link RequestShapeFilter} stored, or else computed now; for a
     * path that is refused (Tomcat refused it before any filter ran), the raw path, which then only chooses
     * how the refusal is worded.
     */
    static String of(HttpServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof String path) {
            return path;
        }
        String raw = raw(request);
        return parse(raw).orElse(raw);
    }

    /** The routed path as a problem's {@code instance}: percent-encoded again where a URI needs it. */
    static URI instance(HttpServletRequest request) {
        return uri(of(request));
    }

    /** A path as a relative URI, what a URI may not hold as it is (a '[' Tomcat let through, say) escaped. */
    static URI uri(String path) {
        try {
            return new URI(null, null, path, null);
        } catch (URISyntaxException e) {
            return URI.create("about:blank");
        }
    }

    /** Why the request's path is refused, or empty when it may be routed. */
    static Optional<String> refusal(HttpServletRequest request) {
        return refusal(raw(request));
    }

    private static String raw(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return context != null && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }

    static Optional<String> parse(String raw) {
        return refusal(raw).isPresent() ? Optional.empty() : Optional.of(decode(segments(raw)));
    }

    static Optional<String> refusal(String raw) {
        if (raw.isEmpty() || raw.charAt(0) != '/') {
            return Optional.of("must start with '/'");
        }
        if (raw.indexOf(';') >= 0) {
            return Optional.of("must not have ';' parameters (such as ;jsessionid=)");
        }
        if (raw.indexOf('\\') >= 0) {
            return Optional.of("must not contain '\\'");
        }
        List<String> segments = segments(raw);
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            if (segment.isEmpty() && i < segments.size() - 1) {
                return Optional.of("must not contain an empty segment ('//')");
            }
            Optional<String> decoded = decodeSegment(segment);
            if (decoded.isEmpty()) {
                return Optional.of("has a '%' escape that does not decode to UTF-8 text");
            }
            Optional<String> problem = segmentProblem(decoded.get());
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> segmentProblem(String decoded) {
        if (decoded.equals(".") || decoded.equals("..")) {
            return Optional.of("must not contain '.' or '..' segments");
        }
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c == '/' || c == '\\' || c == ';') {
                return Optional.of("must not contain an encoded '" + c + "'");
            }
            if (c == '%') {
                return Optional.of("must not be percent-encoded twice");
            }
            if (c < 0x20 || c == 0x7f) {
                return Optional.of("must not contain a control character (such as NUL)");
            }
        }
        return Optional.empty();
    }

    /** The segments after the leading '/', the last one empty when the path ends with '/'. */
    private static List<String> segments(String raw) {
        List<String> segments = new ArrayList<>();
        int start = 1;
        for (int slash = raw.indexOf('/', start); slash >= 0; slash = raw.indexOf('/', start)) {
            segments.add(raw.substring(start, slash));
            start = slash + 1;
        }
        segments.add(raw.substring(start));
        return segments;
    }

    private static String decode(List<String> segments) {
        StringBuilder path = new StringBuilder();
        for (String segment : segments) {
            path.append('/').append(decodeSegment(segment).orElseThrow());
        }
        return path.toString();
    }

    /** A segment with its %XX escapes decoded as UTF-8; empty when an escape is malformed or the bytes are not UTF-8. */
    private static Optional<String> decodeSegment(String segment) {
        if (segment.indexOf('%') < 0) {
            return Optional.of(segment);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c != '%') {
                if (c > 0x7f) {
                    return Optional.empty();
                }
                bytes.write(c);
                continue;
            }
            if (i + 2 >= segment.length()) {
                return Optional.empty();
            }
            int high = Character.digit(segment.charAt(i + 1), 16);
            int low = Character.digit(segment.charAt(i + 2), 16);
            if (high < 0 || low < 0) {
                return Optional.empty();
            }
            bytes.write(high * 16 + low);
            i += 2;
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}

package dev.laurel.api;

import dev.laurel.programs.Caller;
import dev.laurel.programs.ProgramDocuments;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@code Idempotency-Key} on every write: the key, a hash of the request and the response are stored
 * in the same transaction as the effect. A replay gets the stored response (with
 * {@code Idempotent-Replayed: true}); the same key with another request gets 422. Only successful
 * answers are kept: a refused request may be sent again with its key. Keys are kept 7 days.
 *
 * <p>A key belongs to the API key that made it: another API key of the program using the same value has
 * a key of its own, and never gets the first one's answer. A request its API key may not make (its scopes
 * do not allow the endpoint) is not idempotent at all: it goes on to its 403 before anything is claimed or
 * replayed, so a key whose scopes were narrowed does not get its earlier answers either.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 30)
class IdempotencyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    static final int KEY_CHARS_MAX = 255;
    static final Duration KEPT = Duration.ofDays(7);
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final MeterRegistry meters;
    private final IdempotencyStore store;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ProblemWriter problems;
    private final Endpoints endpoints;

    IdempotencyFilter(IdempotencyStore store, TransactionTemplate tx, Clock clock, ProblemWriter problems, Endpoints endpoints,
            MeterRegistry meters) {
        this.meters = meters;
        this.store = store;
        this.tx = tx;
        this.clock = clock;
        this.problems = problems;
        this.endpoints = endpoints;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // A member import is idempotent by its content (externalIds), and its body is a file that is not read into memory.
        return request.getHeader(HEADER) == null || !WRITES.contains(request.getMethod()) || BodyLimitFilter.isImport(request)
                || !(request.getAttribute(ApiKeyFilter.CALLER) instanceof Caller);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Caller caller = (Caller) request.getAttribute(ApiKeyFilter.CALLER);
        if (endpoints.of(request).flatMap(endpoint -> AccessInterceptor.refusal(caller, endpoint)).isPresent()) {
            chain.doFilter(request, response);
            return;
        }
        String key = request.getHeader(HEADER);
        if (key.isBlank() || key.length() > KEY_CHARS_MAX) {
            problems.write(request, response, Problems.of(400, "invalid-idempotency-key", "Invalid Idempotency-Key",
                    "The Idempotency-Key header must be 1 to " + KEY_CHARS_MAX + " characters."));
            return;
        }
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (BodyLimitFilter.BodyTooLarge e) {
            BodyLimitFilter.tooLarge(request, response, problems);
            return;
        }
        String hash = hash(request, body);
        HttpServletRequest replayable = new BufferedRequest(request, body);
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        Optional<IdempotencyStore.Stored> replay = runOnce(caller, key, hash, chain, replayable, captured);
        if (replay.isEmpty()) {
            captured.copyBodyToResponse();
            return;
        }
        if (replay(request, response, replay.get(), hash)) {
            meters.counter("laurel.idempotency.replays", "program", caller.programId()).increment();
        }
    }

    /**
     * Claims the key and runs the request in the same transaction, keeping its answer only if it succeeded;
     * or, when the key was already used, the stored answer, without running the request.
     */
    private Optional<IdempotencyStore.Stored> runOnce(Caller caller, String key, String hash, FilterChain chain,
            HttpServletRequest replayable, ContentCachingResponseWrapper captured) {
        Instant now = clock.instant();
        return tx.execute(status -> {
            Optional<IdempotencyStore.Stored> stored = store.claim(caller, key, hash, now, now.plus(KEPT));
            if (stored.isPresent()) {
                return stored;
            }
            try {
                chain.doFilter(replayable, captured);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (ServletException e) {
                throw new IllegalStateException(e);
            }
            int code = captured.getStatus();
            if (code >= 200 && code < 300) {
                store.save(caller, key, code, captured.getContentType(), captured.getHeader("Location"),
                        captured.getContentAsByteArray());
            } else {
                status.setRollbackOnly();
            }
            return Optional.empty();
        });
    }

    /** Answers with the stored response of the key's first request, if this request is the same one; true if it was. */
    private boolean replay(HttpServletRequest request, HttpServletResponse response, IdempotencyStore.Stored stored, String hash)
            throws IOException {
        if (!stored.requestHash().equals(hash)) {
            problems.write(request, response, Problems.of(422, "idempotency-key-reused", "Idempotency-Key reused",
                    "This Idempotency-Key was used for a different request; use a new key for a new request."));
            return false;
        }
        if (stored.status() == null) {
            throw new IllegalStateException("an idempotency key was committed without its response");
        }
        response.setStatus(stored.status());
        if (stored.contentType() != null) {
            response.setContentType(stored.contentType());
        }
        if (stored.location() != null) {
            response.setHeader("Location", stored.location());
        }
        response.setHeader("Idempotent-Replayed", "true");
        if (stored.body() != null) {
            response.getOutputStream().write(stored.body());
        }
        return true;
    }

    private static String hash(HttpServletRequest request, byte[] body) {
        String head = request.getMethod() + " " + RoutedPath.of(request) + "?" + (request.getQueryString() == null ? "" : request.getQueryString()) + "\n";
        return ProgramDocuments.sha256(head + HexFormat.of().formatHex(sha(body)));
    }

    private static byte[] sha(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The request with its body read once into memory (it is at most 8 MiB) and served again. */
    private static final class BufferedRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        BufferedRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous reads only");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(),
                    encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding)));
        }
    }
}

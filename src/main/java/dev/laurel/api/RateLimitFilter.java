package dev.laurel.api;

import dev.laurel.programs.Caller;
import dev.laurel.programs.Program.RateLimit;
import dev.laurel.programs.Programs;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Rate limits per API key, as the program document sets them on a key ({@code rateLimit: {requestsPerSecond, burst}}):
 * a Bucket4j token bucket of {@code burst} tokens refilled at {@code requestsPerSecond}, one token a request. A request
 * beyond it is answered 429 {@code rate-limited} with {@code Retry-After} (whole seconds until a token is back) and is
 * not run. A key without {@code rateLimit} is not limited. Buckets are per node, in memory: behind a load balancer of n
 * nodes a key may make up to n times its rate.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 25)
class RateLimitFilter extends OncePerRequestFilter {

    /** Buckets kept at once; past it they are all dropped (and start full again), which bounds the memory. */
    static final int BUCKETS_MAX = 100_000;

    private final Programs programs;
    private final ProblemWriter problems;
    private final MeterRegistry meters;
    /** Bucket4j's time is Laurel's clock, so a test (or a staging clock) moves it as it moves everything else. */
    private final TimeMeter time;
    private final Map<Key, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimitFilter(Programs programs, ProblemWriter problems, MeterRegistry meters, Clock clock) {
        this.programs = programs;
        this.problems = problems;
        this.meters = meters;
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                Instant now = clock.instant();
                return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }

    /** One bucket per key and limit: a changed limit starts a new, full bucket. */
    private record Key(String programId, String keyName, RateLimit limit) {}

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!(request.getAttribute(ApiKeyFilter.CALLER) instanceof Caller caller)) {
            chain.doFilter(request, response);
            return;
        }
        RateLimit limit = programs.find(caller.programId()).flatMap(p -> p.apiKey(caller.keyName())).map(k -> k.rateLimit())
                .orElse(null);
        if (limit == null) {
            chain.doFilter(request, response);
            return;
        }
        if (buckets.size() >= BUCKETS_MAX) {
            buckets.clear();
        }
        Bucket bucket = buckets.computeIfAbsent(new Key(caller.programId(), caller.keyName(), limit), k -> bucket(limit));
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            response.setHeader("RateLimit-Limit", Integer.toString(limit.burst()));
            response.setHeader("RateLimit-Remaining", Long.toString(probe.getRemainingTokens()));
            chain.doFilter(request, response);
            return;
        }
        long retryAfter = Math.max(1, (probe.getNanosToWaitForRefill() + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
        meters.counter("laurel.rate.limited", "program", caller.programId(), "key", caller.keyName()).increment();
        response.setHeader("Retry-After", Long.toString(retryAfter));
        response.setHeader("RateLimit-Limit", Integer.toString(limit.burst()));
        response.setHeader("RateLimit-Remaining", "0");
        problems.write(request, response, Problems.of(429, "rate-limited", "Too many requests", "The API key '" + caller.keyName()
                + "' may make " + limit.requestsPerSecond() + " requests a second (bursts of " + limit.burst() + "); try again in "
                + retryAfter + " s."));
    }

    private Bucket bucket(RateLimit limit) {
        return Bucket.builder().withCustomTimePrecision(time)
                .addLimit(Bandwidth.builder().capacity(limit.burst()).refillGreedy(limit.requestsPerSecond(), Duration.ofSeconds(1)).build())
                .build();
    }
}

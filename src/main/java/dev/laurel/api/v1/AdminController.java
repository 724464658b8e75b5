package dev.laurel.api.v1;

import dev.laurel.api.Access;
import dev.laurel.api.Refuses;
import dev.laurel.platform.AdjustableClock;
import dev.laurel.platform.InvalidInput;
import dev.laurel.platform.Problem;
import dev.laurel.platform.SweepReport;
import dev.laurel.platform.Sweeps;
import dev.laurel.programs.Caller;
import dev.laurel.programs.Scope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/admin}: run the background sweeps now, and (staging only) move the clock. The clock is the node's,
 * every program's at once, so setting it takes a key with the {@code clock} scope, and only to within
 * {@link AdjustableClock#RANGE} of the real time.
 */
@RestController
@Tag(name = "Admin")
class AdminController {

    private final AdjustableClock clock;
    private final Sweeps sweeps;

    AdminController(AdjustableClock clock, Sweeps sweeps) {
        this.clock = clock;
        this.sweeps = sweeps;
    }

    record ClockSetting(Instant now, Boolean frozen) {}

    record ClockState(Instant now, boolean frozen) {}

    record JobsRun(Instant ranAt, List<SweepReport> sweeps) {}

    static final class ClockNotAdjustable extends Problem {
        ClockNotAdjustable() {
            super(404, "not-found", "Not found", "The clock can be set only when LAUREL_CLOCK_ADJUSTABLE=true.");
        }
    }

    @PutMapping("/v1/admin/clock")
    @Access(Scope.CLOCK)
    @Refuses("404 not-found")
    @Operation(operationId = "setClock", summary = "Set Laurel's time (only with LAUREL_CLOCK_ADJUSTABLE=true; 404 otherwise)",
            description = "`now` is the new time, within 10 years of the real time; `frozen: true` stops the clock "
                    + "there, otherwise it ticks on from it. The clock is per node and moves every program's time: it "
                    + "takes a key with the `clock` scope. Use it on a single-node staging system.")
    ClockState setClock(@RequestBody ClockSetting setting) {
        requireAdjustable();
        if (setting.now() == null) {
            throw new InvalidInput("now", "is required");
        }
        if (setting.now().isBefore(clock.earliest()) || setting.now().isAfter(clock.latest())) {
            throw new InvalidInput("now", "must be within 10 years of the real time, from " + clock.earliest() + " to "
                    + clock.latest() + " (was " + setting.now() + ")");
        }
        clock.set(setting.now(), Boolean.TRUE.equals(setting.frozen()));
        return new ClockState(clock.instant(), clock.frozen());
    }

    @GetMapping("/v1/admin/clock")
    @Access({Scope.ADMIN, Scope.CLOCK})
    @Refuses("404 not-found")
    @Operation(operationId = "getClock", summary = "Read Laurel's time (only with LAUREL_CLOCK_ADJUSTABLE=true; 404 otherwise)")
    ClockState getClock() {
        requireAdjustable();
        return new ClockState(clock.instant(), clock.frozen());
    }

    @PostMapping("/v1/admin/jobs/run")
    @Operation(operationId = "runJobs", summary = "Run every background sweep once, now, for the caller's program",
            description = "Answers what each sweep did. Sweeps also run on a timer on every node (LAUREL_SWEEPS_INTERVAL).")
    JobsRun runJobs(Caller caller) {
        Instant at = clock.instant();
        return new JobsRun(at, sweeps.runAll(Optional.of(caller.programId())));
    }

    private void requireAdjustable() {
        if (!clock.adjustable()) {
            throw new ClockNotAdjustable();
        }
    }
}

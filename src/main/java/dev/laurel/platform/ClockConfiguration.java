package dev.laurel.platform;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one {@link Clock} every class that needs the time is given. */
@Configuration(proxyBeanMethods = false)
class ClockConfiguration {

    @Bean
    AdjustableClock clock(LaurelSettings settings) {
        if (settings.production() && settings.clock().adjustable()) {
            throw new IllegalStateException(
                    "LAUREL_CLOCK_ADJUSTABLE=true is refused when LAUREL_PROFILE=production: "
                            + "an adjustable clock is for staging and tests only");
        }
        return AdjustableClock.system(settings.clock().adjustable());
    }
}

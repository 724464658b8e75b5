package dev.laurel.web;

import java.util.UUID;
import org.springframework.context.ApplicationContext;

/** A member's rewards page address, for tests outside this package (what an operator's "Create a rewards link" gives). */
public final class RewardsPageLinks {

    private RewardsPageLinks() {}

    public static String path(ApplicationContext context, String programId, UUID memberId) {
        return "/rewards/" + context.getBean(RewardLinks.class).create(programId, memberId);
    }
}

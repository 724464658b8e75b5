package dev.laurel.campaigns;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A member's standing in a campaign: {@code status} is NOT_ELIGIBLE, ELIGIBLE (may opt in), ENROLLED,
 * COMPLETED (rewarded) or EXPIRED (ended without completing); {@code progress} counts toward {@code target}.
 */
public record CampaignProgress(String campaignId, String status, String goalEventType, String goalSumAttribute, BigDecimal progress,
        BigDecimal target, Instant enrolledAt, Instant completedAt, CampaignView.RewardView reward) {

    public static final String NOT_ELIGIBLE = "NOT_ELIGIBLE";
    public static final String ELIGIBLE = "ELIGIBLE";
    public static final String ENROLLED = "ENROLLED";
    public static final String COMPLETED = "COMPLETED";
    public static final String EXPIRED = "EXPIRED";
}

package dev.laurel.api.v1;

import dev.laurel.api.Refuses;
import dev.laurel.campaigns.CampaignProgress;
import dev.laurel.campaigns.CampaignView;
import dev.laurel.campaigns.Campaigns;
import dev.laurel.platform.ReplicaReads;
import dev.laurel.programs.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Campaigns: the active ones a member is eligible for, a campaign's detail, opting in, and progress. */
@RestController
@Tag(name = "Campaigns")
class CampaignsController {

    private final Campaigns campaigns;

    CampaignsController(Campaigns campaigns) {
        this.campaigns = campaigns;
    }

    @ReplicaReads.Allowed
    @GetMapping("/v1/members/{id}/campaigns")
    @Refuses("404 member-not-found")
    @Operation(operationId = "listMemberCampaigns", summary = "The campaigns running now that a member is eligible for")
    List<CampaignView> active(Caller caller, @PathVariable UUID id) {
        return campaigns.active(caller.programId(), id);
    }

    @ReplicaReads.Allowed
    @GetMapping("/v1/campaigns/{campaignId}")
    @Refuses("404 campaign-not-found")
    @Operation(operationId = "getCampaign", summary = "A campaign's detail")
    CampaignView get(Caller caller, @PathVariable String campaignId) {
        return campaigns.get(caller.programId(), campaignId);
    }

    @PostMapping("/v1/members/{id}/campaigns/{campaignId}/enrollment")
    @Refuses({"404 member-not-found campaign-not-found", "409 campaign-not-active not-eligible"})
    @Operation(operationId = "enrollInCampaign", summary = "Opt a member in to a campaign", description = "409 `campaign-not-active` outside the window, "
            + "409 `not-eligible` when the member may not take part. Opting in again changes nothing. Answers the progress.")
    CampaignProgress enroll(Caller caller, @PathVariable UUID id, @PathVariable String campaignId) {
        return campaigns.enroll(caller.programId(), id, campaignId);
    }

    @ReplicaReads.Allowed
    @GetMapping("/v1/members/{id}/campaigns/{campaignId}/progress")
    @Refuses("404 member-not-found campaign-not-found")
    @Operation(operationId = "getCampaignProgress", summary = "A member's progress in a campaign", description = "The goal, the progress (events inside the window and "
            + "after enrollment), the status (NOT_ELIGIBLE, ELIGIBLE, ENROLLED, COMPLETED, EXPIRED) and the reward.")
    CampaignProgress progress(Caller caller, @PathVariable UUID id, @PathVariable String campaignId) {
        return campaigns.progress(caller.programId(), id, campaignId);
    }
}

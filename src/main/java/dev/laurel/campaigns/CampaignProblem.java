package dev.laurel.campaigns;

import dev.laurel.platform.Problem;

/** A campaign that does not exist, is not running, or that this member may not join. */
public final class CampaignProblem extends Problem {

    CampaignProblem(int status, String code, String title, String detail) {
        super(status, code, title, detail);
    }

    static CampaignProblem notFound(String id) {
        return new CampaignProblem(404, "campaign-not-found", "Campaign not found", "No campaign '" + id + "' in this program.");
    }

    static CampaignProblem notActive(String id, String when) {
        return new CampaignProblem(409, "campaign-not-active", "Campaign not active", "Campaign '" + id + "' " + when + ".");
    }

    static CampaignProblem notEligible(String id, String why) {
        return new CampaignProblem(409, "not-eligible", "Not eligible", "The member may not join campaign '" + id + "': " + why + ".");
    }
}

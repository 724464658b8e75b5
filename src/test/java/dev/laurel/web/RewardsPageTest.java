package dev.laurel.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.laurel.support.Api;
import dev.laurel.support.Api.Response;
import dev.laurel.support.IntegrationTest;
import dev.laurel.support.TestProgram;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The rewards page over plain HTTP: what it shows of a member's points and history. */
class RewardsPageTest extends IntegrationTest {

    static final Pattern HISTORY_ROW = Pattern.compile("<span>(Reward|Qualifying) #(\\d+)</span>");

    @Autowired
    RewardLinks links;

    @Test
    void the_history_shows_a_full_page_of_spendable_entries_however_many_tier_qualifying_ones_lie_between() {
        clock.set(Instant.parse("2026-03-01T15:00:00Z"), true);
        TestProgram program = newProgram();
        Api api = as(program);
        String member = api.post("/v1/members", "{\"firstName\": \"Zed\", \"optedIn\": true}").json().get("id").asString();
        int rewards = RewardsController.LEDGER_ROWS + 5;
        for (int i = 1; i <= rewards; i++) {
            adjust(api, member, 2, "Qualifying #" + (2 * i - 1));
            adjust(api, member, 2, "Qualifying #" + (2 * i));
            adjust(api, member, 1, "Reward #" + i);
        }

        Response page = api().get("/rewards/" + links.create(program.id(), UUID.fromString(member)));

        assertThat(page.status()).isEqualTo(200);
        List<String> rows = new ArrayList<>();
        Matcher row = HISTORY_ROW.matcher(page.body());
        while (row.find()) {
            rows.add(row.group(1) + " #" + row.group(2));
        }
        List<String> newestRewards = new ArrayList<>();
        for (int i = rewards; i > rewards - RewardsController.LEDGER_ROWS; i--) {
            newestRewards.add("Reward #" + i);
        }
        assertThat(rows).containsExactlyElementsOf(newestRewards);
        assertThat(page.body()).contains("<p class=\"big\" id=\"available\">" + rewards + "</p>");
    }

    private static void adjust(Api api, String member, int definitionId, String description) {
        Response r = api.post("/v1/members/" + member + "/adjustments", "{\"definitionId\": " + definitionId + ", \"amount\": 1,"
                + " \"description\": \"" + description + "\", \"source\": \"Manual\", \"userId\": \"maria\", \"userName\": \"Maria\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }
}

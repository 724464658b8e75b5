package dev.laurel.api.sessionm;

import dev.laurel.api.Refuses;
import dev.laurel.earning.MemberPoints;
import dev.laurel.earning.PointsOverview;
import dev.laurel.members.Member;
import dev.laurel.members.MemberId;
import dev.laurel.members.MemberNotFound;
import dev.laurel.members.MemberPage;
import dev.laurel.members.MemberQuery;
import dev.laurel.members.Members;
import dev.laurel.platform.CanonicalUuid;
import dev.laurel.platform.InvalidInput;
import dev.laurel.platform.Problem;
import dev.laurel.platform.ReplicaReads;
import dev.laurel.programs.Caller;
import dev.laurel.programs.Program;
import dev.laurel.programs.Programs;
import dev.laurel.tiers.Tiers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * SessionM's customer search with loyalty data, and GetBalance / GetAllBalances, as the SessionM
 * workflow document shows them. Thin: find the member, read points and tier from their modules,
 * answer in SessionM's shape through {@link UserMapper} (errors too: {@code {"status": "error",
 * "errors": {...}}}).
 */
@RestController
@Tag(name = "SessionM")
class UsersController {

    private final Programs programs;
    private final Members members;
    private final MemberPoints memberPoints;
    private final Tiers tiers;

    UsersController(Programs programs, Members members, MemberPoints memberPoints, Tiers tiers) {
        this.programs = programs;
        this.members = members;
        this.memberPoints = memberPoints;
        this.tiers = tiers;
    }

    static final class AppNotFound extends Problem {
        AppNotFound(String appKey) {
            super(404, "app-not-found", "App not found", "No app '" + appKey + "' for this key.");
        }
    }

    static final class UserNotFound extends Problem {
        UserNotFound() {
            super(404, "user-not-found", "User not found", "No user matches the search.");
        }
    }

    @ReplicaReads.Allowed
    @GetMapping("/priv/v1/apps/{appKey}/users/search")
    @Refuses({"400 invalid-input", "404 app-not-found user-not-found"})
    @Operation(operationId = "sessionmSearchUsers", summary = "Search a customer with loyalty data (SessionM)", description = """
            Exactly one of `email`, `external_id`, `mobile_number`. `user[user_profile]=true` adds the custom attributes, \
            `expand_incentives=true` adds `tier_details` and `point_account_balances`, `show_identifiers=true` adds every \
            identifier. Authorised by `Authorization: Basic` with a program key as the password; `appKey` is the program's \
            `sessionm.appKey`. Errors: `{"status": "error", "errors": {"code", "message"}}` (401, 404, 400).""",
            responses = @ApiResponse(responseCode = "200", description = "The user", content = @Content(mediaType = "application/json",
                    schema = @Schema(implementation = SessionmDocument.SearchAnswer.class),
                    examples = @ExampleObject(value = SessionmDocument.SEARCH_EXAMPLE))))
    Map<String, Object> search(Caller caller, @Parameter(example = "acme-app") @PathVariable String appKey,
            @Parameter(example = "test@example.com") @RequestParam(required = false) String email,
            @Parameter(example = "eutest17") @RequestParam(name = "external_id", required = false) String externalId,
            @Parameter(example = "5089959991") @RequestParam(name = "mobile_number", required = false) String mobileNumber,
            @RequestParam(name = "user[user_profile]", defaultValue = "false") boolean userProfile,
            @RequestParam(name = "expand_incentives", defaultValue = "false") boolean expandIncentives,
            @RequestParam(name = "show_identifiers", defaultValue = "false") boolean showIdentifiers) {
        Program program = program(caller, appKey);
        long keys = Stream.of(email, externalId, mobileNumber).filter(k -> k != null && !k.isBlank()).count();
        if (keys != 1) {
            throw new InvalidInput("search", keys == 0 ? "give one of email, external_id or mobile_number"
                    : "give only one of email, external_id or mobile_number");
        }
        MemberPage found = members.search(program.id(), new MemberQuery(blank(email), blank(externalId), blank(mobileNumber), null, null, 1));
        Member member = found.items().stream().findFirst().orElseThrow(UserNotFound::new);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "ok");
        // SessionM's answers show balances, never when points expire: the member's lots are not read.
        PointsOverview points = memberPoints.balancesOverview(program, member.id().value());
        answer.put("user", UserMapper.user(program, member, points, tiers.status(program, member, points::balance),
                new UserMapper.Expand(userProfile, expandIncentives, showIdentifiers)));
        return answer;
    }

    @ReplicaReads.Allowed
    @GetMapping("/priv/v1/apps/{appKey}/users/{userId}/point_accounts")
    @Refuses("404 app-not-found member-not-found")
    @Operation(operationId = "sessionmGetAllBalances", summary = "GetAllBalances (SessionM): every point account of a user, escrow accounts included",
            responses = @ApiResponse(responseCode = "200", description = "The user's point accounts", content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = SessionmDocument.AllBalancesAnswer.class),
                    examples = @ExampleObject(value = SessionmDocument.ALL_BALANCES_EXAMPLE))))
    Map<String, Object> allBalances(Caller caller, @PathVariable String appKey, @PathVariable String userId) {
        Program program = program(caller, appKey);
        Member member = member(program, userId);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "ok");
        answer.put("point_account_balances",
                UserMapper.balances(program, member, memberPoints.balancesOverview(program, member.id().value())));
        return answer;
    }

    @ReplicaReads.Allowed
    @GetMapping("/priv/v1/apps/{appKey}/users/{userId}/point_accounts/{pointAccountId}")
    @Refuses("404 app-not-found member-not-found point-account-not-found")
    @Operation(operationId = "sessionmGetBalance", summary = "GetBalance (SessionM): one point account of a user, by its point_account_id",
            responses = @ApiResponse(responseCode = "200", description = "The point account", content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = SessionmDocument.BalanceAnswer.class),
                    examples = @ExampleObject(value = SessionmDocument.BALANCE_EXAMPLE))))
    Map<String, Object> balance(Caller caller, @PathVariable String appKey, @PathVariable String userId, @PathVariable String pointAccountId) {
        Program program = program(caller, appKey);
        Member member = member(program, userId);
        List<Map<String, Object>> details = UserMapper.details(program, memberPoints.balancesOverview(program, member.id().value()));
        Map<String, Object> account = details.stream().filter(d -> pointAccountId.equals(d.get("point_account_id"))).findFirst()
                .orElseThrow(() -> new PointAccountNotFound(pointAccountId));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "ok");
        answer.put("point_account_balance", account);
        return answer;
    }

    static final class PointAccountNotFound extends Problem {
        PointAccountNotFound(String id) {
            super(404, "point-account-not-found", "Point account not found", "No point account '" + id + "' in this program.");
        }
    }

    private Program program(Caller caller, String appKey) {
        Program program = programs.get(caller.programId());
        if (program.sessionm() == null || !program.sessionm().appKey().equals(appKey)) {
            throw new AppNotFound(appKey);
        }
        return program;
    }

    private Member member(Program program, String userId) {
        try {
            return members.get(program.id(), MemberId.of(CanonicalUuid.parse(userId)));
        } catch (IllegalArgumentException notAUuid) {
            throw new MemberNotFound(userId);
        }
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}

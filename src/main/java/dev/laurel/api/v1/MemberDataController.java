package dev.laurel.api.v1;

import dev.laurel.api.Refuses;
import dev.laurel.campaigns.CampaignProgress;
import dev.laurel.campaigns.Campaigns;
import dev.laurel.earning.MemberPurchase;
import dev.laurel.earning.Purchases;
import dev.laurel.ledger.Entry;
import dev.laurel.ledger.EntryPage;
import dev.laurel.ledger.Hold;
import dev.laurel.ledger.HoldPage;
import dev.laurel.ledger.Ledger;
import dev.laurel.ledger.MemberLots;
import dev.laurel.ledger.PointAccount;
import dev.laurel.members.Member;
import dev.laurel.members.MemberErasure;
import dev.laurel.members.MemberId;
import dev.laurel.members.Members;
import dev.laurel.partners.PartnerPoints;
import dev.laurel.partners.PartnerTransaction;
import dev.laurel.programs.Caller;
import dev.laurel.programs.Program;
import dev.laurel.programs.Programs;
import dev.laurel.redemption.Holds;
import dev.laurel.redemption.Redemptions;
import dev.laurel.redemption.Voucher;
import dev.laurel.redemption.VoucherPage;
import dev.laurel.tiers.TierChange;
import dev.laurel.tiers.TierStatus;
import dev.laurel.tiers.Tiers;
import dev.laurel.timeline.Timeline;
import dev.laurel.timeline.TimelineEvent;
import dev.laurel.timeline.TimelinePage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * A member's data rights: everything Laurel holds about them as one JSON document, and the erasure of their personal
 * data (the ledger keeps its entries under the member's id).
 */
@RestController
@Tag(name = "Members")
class MemberDataController {

    /** Rows read per query while an export is written: what one export holds in memory at a time. */
    static final int EXPORT_PAGE_ROWS = 200;
    static final int TIER_HISTORY_MAX = Tiers.HISTORY_LIMIT_MAX;

    private final Members members;
    private final Programs programs;
    private final Ledger ledger;
    private final MemberLots lots;
    private final Timeline timeline;
    private final Purchases purchases;
    private final Campaigns campaigns;
    private final Tiers tiers;
    private final Redemptions redemptions;
    private final Holds holds;
    private final PartnerPoints partners;
    private final TransactionTemplate snapshot;
    private final Clock clock;
    private final JsonMapper json;

    MemberDataController(Members members, Programs programs, Ledger ledger, MemberLots lots, Timeline timeline, Purchases purchases,
            Campaigns campaigns, Tiers tiers, Redemptions redemptions, Holds holds, PartnerPoints partners,
            PlatformTransactionManager transactions, Clock clock, JsonMapper json) {
        this.members = members;
        this.programs = programs;
        this.ledger = ledger;
        this.lots = lots;
        this.timeline = timeline;
        this.purchases = purchases;
        this.campaigns = campaigns;
        this.tiers = tiers;
        this.redemptions = redemptions;
        this.holds = holds;
        this.partners = partners;
        this.snapshot = new TransactionTemplate(transactions);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.snapshot.setReadOnly(true);
        this.clock = clock;
        this.json = json;
    }

    /** The export's shape, for the document: {@link #write} streams it field by field. */
    record MemberExport(Instant exportedAt, String programId, Member member, ErasureView erasure, List<PointAccount> pointAccounts,
            List<Entry> ledgerEntries, List<MemberLots.Lot> lots, List<Hold> holds, List<Voucher> vouchers, List<TimelineEvent> timeline,
            List<ExportedPurchase> purchases, List<ExportedPartnerTransaction> partnerTransactions, TierStatus tier,
            List<TierChange> tierHistory, List<CampaignProgress> campaigns) {}

    /** A purchase in the export, with what was returned of it and what it earned. */
    record ExportedPurchase(String orderId, BigDecimal amount, BigDecimal returnedAmount, String currency, Instant occurredAt,
            @Schema(description = "As sent") List<Map<String, Object>> lines,
            @Schema(description = "What the purchase earned, per definition") List<Map<String, Object>> earnings, Instant createdAt) {}

    /** A partner's award or deduction in the export. */
    record ExportedPartnerTransaction(UUID id, String shortId, String partner, String reference,
            @Schema(description = "The points the partner sent: an award is positive, a deduction negative") long points,
            @Schema(description = "The points the member's balance changed by: `points` less what an earning cap withheld")
            long creditedPoints,
            @Schema(description = "What an earning cap withheld of an award; left out when nothing was withheld") Long cappedPoints,
            @Schema(description = "Which cap withheld them; left out when nothing was withheld") String capReason,
            Instant createdAt) {}

    /** Who erased the member and when. */
    record ErasureView(UUID memberId, Instant erasedAt, String erasedBy) {
        static ErasureView of(MemberErasure e) {
            return new ErasureView(e.memberId().value(), e.erasedAt(), e.erasedBy());
        }
    }

    @DeleteMapping("/v1/members/{id}")
    @Refuses("404 member-not-found")
    @Operation(operationId = "eraseMember", summary = "Erase a member's personal data",
            description = "Clears the member's profile fields (externalId, email, mobile number, names, gender, date of birth, "
                    + "address), attributes and identifiers, withdraws their opt-in, and clears the attributes of the timeline "
                    + "events sent in about them. The member's id stays: the ledger keeps every entry, lot, hold and voucher "
                    + "under it, so balances and `GET /v1/admin/ledger/verify` stay exact. Who erased them (the API key's name) "
                    + "and when are recorded and answered. Afterwards `GET /v1/members/{id}` answers 410 Gone; the export still "
                    + "answers, with the erased profile. Idempotent: erasing again answers the first erasure. Admin scope.",
            responses = @ApiResponse(responseCode = "200", description = "The erasure",
                    content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErasureView.class), examples = @ExampleObject(value = """
                            {"memberId": "6f1c2b9e-3c1d-4a8e-9d1e-2f5a7c3b9e10", "erasedAt": "2026-11-29T10:15:00Z", "erasedBy": "admin"}"""))))
    ErasureView erase(Caller caller, @PathVariable UUID id) {
        return ErasureView.of(members.erase(caller.programId(), MemberId.of(id), caller.keyName()));
    }

    @GetMapping(value = "/v1/members/{id}/export", produces = "application/json")
    @Refuses("404 member-not-found")
    @Operation(operationId = "exportMember", summary = "Export everything Laurel holds about a member",
            description = "One JSON document, written as it is read (a page of " + EXPORT_PAGE_ROWS + " rows at a time, from one "
                    + "consistent snapshot of the database): `member` (profile, identifiers, attributes; `erasure` when erased), "
                    + "`pointAccounts`, every `ledgerEntries` entry (newest first), `lots`, `holds`, `vouchers`, `timeline` (newest "
                    + "first), `purchases` (with returned amounts and what each earned), `partnerTransactions` (the points sent "
                    + "and credited, and what an earning cap withheld), `tier` and `tierHistory` (the latest " + TIER_HISTORY_MAX
                    + " changes), and `campaigns` (the member's standing in each of the program's campaigns). Admin scope; a member "
                    + "of another program is 404.",
            responses = @ApiResponse(responseCode = "200", description = "The member's data",
                    content = @Content(mediaType = "application/json", schema = @Schema(implementation = MemberExport.class), examples = @ExampleObject(value = """
                            {"exportedAt": "2026-11-29T10:15:00Z", "programId": "acme",
                             "member": {"id": "6f1c2b9e-3c1d-4a8e-9d1e-2f5a7c3b9e10", "externalId": "C-1001", "email": "ada@example.com"},
                             "erasure": null, "pointAccounts": [], "ledgerEntries": [], "lots": [], "holds": [], "vouchers": [],
                             "timeline": [], "purchases": [], "partnerTransactions": [], "tier": null, "tierHistory": [], "campaigns": []}"""))))
    void export(Caller caller, @PathVariable UUID id, HttpServletResponse response) throws IOException {
        String p = caller.programId();
        members.get(p, MemberId.of(id));
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"member-" + id + ".json\"");
        OutputStream out = response.getOutputStream();
        snapshot.executeWithoutResult(status -> {
            try (JsonGenerator g = json.createGenerator(out)) {
                write(g, p, id);
            }
        });
    }

    private void write(JsonGenerator g, String p, UUID id) {
        Program program = programs.get(p);
        g.writeStartObject();
        g.writeStringProperty("exportedAt", clock.instant().toString());
        g.writeStringProperty("programId", p);
        g.writePOJOProperty("member", members.get(p, MemberId.of(id)));
        g.writePOJOProperty("erasure", members.erasure(p, MemberId.of(id)).map(ErasureView::of).orElse(null));
        g.writePOJOProperty("pointAccounts", ledger.accounts(p, id, program.timezone()));

        g.writeArrayPropertyStart("ledgerEntries");
        EntryPage.LogPosition entryAfter = null;
        do {
            EntryPage page = ledger.log(p, id, null, entryAfter, EXPORT_PAGE_ROWS);
            for (Entry e : page.entries()) {
                g.writePOJO(e);
            }
            entryAfter = page.next();
        } while (entryAfter != null);
        g.writeEndArray();

        g.writeArrayPropertyStart("lots");
        UUID lotAfter = null;
        List<MemberLots.Lot> lotPage;
        do {
            lotPage = lots.page(p, id, lotAfter, EXPORT_PAGE_ROWS);
            lotPage.forEach(g::writePOJO);
            lotAfter = lotPage.isEmpty() ? null : lotPage.get(lotPage.size() - 1).id();
        } while (lotPage.size() == EXPORT_PAGE_ROWS);
        g.writeEndArray();

        g.writeArrayPropertyStart("holds");
        HoldPage.Position holdAfter = null;
        do {
            HoldPage page = holds.page(p, id, null, holdAfter, Math.min(EXPORT_PAGE_ROWS, dev.laurel.ledger.PointHolds.PAGE_LIMIT_MAX));
            page.holds().forEach(g::writePOJO);
            holdAfter = page.next();
        } while (holdAfter != null);
        g.writeEndArray();

        g.writeArrayPropertyStart("vouchers");
        VoucherPage.Position voucherAfter = null;
        do {
            VoucherPage page = redemptions.vouchers(p, id, voucherAfter, Math.min(EXPORT_PAGE_ROWS, Redemptions.PAGE_LIMIT_MAX));
            page.vouchers().forEach(g::writePOJO);
            voucherAfter = page.next();
        } while (voucherAfter != null);
        g.writeEndArray();

        g.writeArrayPropertyStart("timeline");
        TimelineEvent eventAfter = null;
        do {
            TimelinePage page = timeline.page(p, id, null, eventAfter, EXPORT_PAGE_ROWS);
            page.events().forEach(g::writePOJO);
            eventAfter = page.next();
        } while (eventAfter != null);
        g.writeEndArray();

        g.writeArrayPropertyStart("purchases");
        String orderAfter = null;
        List<MemberPurchase> purchasePage;
        do {
            purchasePage = purchases.ofMember(p, id, orderAfter, EXPORT_PAGE_ROWS);
            for (MemberPurchase purchase : purchasePage) {
                g.writeStartObject();
                g.writeStringProperty("orderId", purchase.orderId());
                g.writeNumberProperty("amount", purchase.amount());
                g.writeNumberProperty("returnedAmount", purchase.returnedAmount());
                g.writeStringProperty("currency", purchase.currency());
                g.writeStringProperty("occurredAt", purchase.occurredAt().toString());
                g.writePOJOProperty("lines", purchase.linesJson() == null ? null : json.readTree(purchase.linesJson()));
                g.writePOJOProperty("earnings", json.readTree(purchase.earningsJson()));
                g.writePOJOProperty("items", purchase.itemsJson() == null ? null : json.readTree(purchase.itemsJson()));
                g.writeStringProperty("createdAt", purchase.createdAt().toString());
                g.writeEndObject();
            }
            orderAfter = purchasePage.isEmpty() ? null : purchasePage.get(purchasePage.size() - 1).orderId();
        } while (purchasePage.size() == EXPORT_PAGE_ROWS);
        g.writeEndArray();

        g.writeArrayPropertyStart("partnerTransactions");
        UUID partnerAfter = null;
        List<PartnerTransaction> partnerPage;
        do {
            partnerPage = partners.ofMember(p, id, partnerAfter, EXPORT_PAGE_ROWS);
            for (PartnerTransaction t : partnerPage) {
                g.writeStartObject();
                g.writeStringProperty("id", t.id().toString());
                g.writeStringProperty("shortId", t.shortId());
                g.writeStringProperty("partner", t.partner());
                g.writeStringProperty("reference", t.reference());
                g.writeNumberProperty("points", t.points());
                g.writeNumberProperty("creditedPoints", t.creditedPoints());
                if (t.cappedPoints() != 0) {
                    g.writeNumberProperty("cappedPoints", t.cappedPoints());
                    g.writeStringProperty("capReason", t.capReason());
                }
                g.writeStringProperty("createdAt", t.createdAt().toString());
                g.writeEndObject();
            }
            partnerAfter = partnerPage.isEmpty() ? null : partnerPage.get(partnerPage.size() - 1).id();
        } while (partnerPage.size() == EXPORT_PAGE_ROWS);
        g.writeEndArray();

        g.writePOJOProperty("tier", tiers.status(p, id).orElse(null));
        g.writePOJOProperty("tierHistory", program.tierSystem() == null ? List.of() : tiers.history(p, id, TIER_HISTORY_MAX));
        g.writeArrayPropertyStart("campaigns");
        for (Program.Campaign c : program.campaigns()) {
            g.writePOJO(campaigns.progress(p, id, c.id()));
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}

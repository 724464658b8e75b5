package dev.laurel.members;

import dev.laurel.members.internal.MemberStore;
import dev.laurel.platform.FieldError;
import dev.laurel.platform.InvalidInput;
import dev.laurel.platform.Validation;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** The members module's API: create, read, change and find the members of a program. */
@Service
public class Members {

    public static final int IDENTIFIERS_MAX = 50;
    public static final int ATTRIBUTES_MAX = 100;
    public static final int ATTRIBUTES_JSON_CHARS_MAX = 16_384;
    /** firstName, lastName, address, address2 and city. */
    public static final int TEXT_FIELD_CHARS_MAX = 200;
    public static final int EXTERNAL_ID_CHARS_MAX = 128;
    public static final int EMAIL_CHARS_MAX = 254;
    /** As sent, before spaces, dashes, dots and parentheses are taken out. */
    public static final int MOBILE_NUMBER_CHARS_MAX = 32;
    public static final int GENDER_CHARS_MAX = 32;
    public static final int ZIP_CHARS_MAX = 32;
    public static final int STATE_CHARS_MAX = 64;
    public static final int COUNTRY_CHARS_MAX = 64;
    public static final int ATTRIBUTE_NAME_CHARS_MAX = 100;
    public static final int IDENTIFIER_TYPE_CHARS_MAX = 64;
    public static final int IDENTIFIER_VALUE_CHARS_MAX = 256;

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s.]+");
    private static final Pattern MOBILE = Pattern.compile("\\+?[0-9]{4,20}");
    private static final Pattern MOBILE_SEPARATORS = Pattern.compile("[\\s().-]");
    private static final Pattern IDENTIFIER_TYPE = Pattern.compile("[A-Za-z0-9_.:-]{1," + IDENTIFIER_TYPE_CHARS_MAX + "}");
    private static final Pattern EXTERNAL_ID = Pattern.compile("\\S(.*\\S)?");

    private final MemberStore store;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Members(MemberStore store, TransactionTemplate tx, Clock clock, ApplicationEventPublisher events) {
        this.store = store;
        this.tx = tx;
        this.clock = clock;
        this.events = events;
    }

    public Member create(String programId, MemberDraft draft) {
        MemberDraft valid = validated(draft);
        MemberId id = valid.id() != null ? valid.id() : MemberId.random();
        Instant now = clock.instant();
        return tx.execute(status -> {
            if (store.exists(programId, id)) {
                throw MemberConflict.id(id);
            }
            refuseTaken(programId, id, valid);
            Member member = new Member(id, valid.externalId(), valid.email(), valid.mobileNumber(), valid.firstName(),
                    valid.lastName(), valid.gender(), valid.dob(), valid.address(), valid.address2(), valid.city(),
                    valid.zip(), valid.state(), valid.country(), valid.optedIn(), valid.attributes(), valid.identifiers(), now, now);
            try {
                store.insert(programId, member);
            } catch (DuplicateKeyException raced) {
                throw conflictFrom(raced, member);
            }
            events.publishEvent(new MemberCreated(programId, member));
            if (member.optedIn()) {
                events.publishEvent(new MemberOptInChanged(programId, id.value(), true, now));
            }
            return member;
        });
    }

    public Member get(String programId, MemberId id) {
        return find(programId, id).orElseThrow(() -> new MemberNotFound(id.toString()));
    }

    public Optional<Member> find(String programId, MemberId id) {
        return store.find(programId, id, false);
    }

    public boolean exists(String programId, MemberId id) {
        return store.exists(programId, id);
    }

    /** Which of these ids are members of the program: one query for a whole batch. */
    public Set<UUID> existing(String programId, Collection<UUID> ids) {
        return ids.isEmpty() ? Set.of() : store.existing(programId, ids);
    }

    /**
     * Changes a member under a row lock: {@code change} gets the current fields and returns the new
     * ones, which are validated as on create. The id cannot change.
     */
    public Member update(String programId, MemberId id, UnaryOperator<MemberDraft> change) {
        return tx.execute(status -> {
            Member current = store.find(programId, id, true).orElseThrow(() -> new MemberNotFound(id.toString()));
            store.erasure(programId, id).ifPresent(erasure -> {
                throw new MemberGone(erasure);
            });
            MemberDraft changed = change.apply(current.draft());
            if (changed.id() != null && !changed.id().equals(id)) {
                new Validation().add("id", "cannot be changed").throwIfInvalid();
            }
            MemberDraft valid = validated(changed);
            refuseTaken(programId, id, valid);
            Member member = new Member(id, valid.externalId(), valid.email(), valid.mobileNumber(), valid.firstName(),
                    valid.lastName(), valid.gender(), valid.dob(), valid.address(), valid.address2(), valid.city(),
                    valid.zip(), valid.state(), valid.country(), valid.optedIn(), valid.attributes(), valid.identifiers(),
                    current.createdAt(), clock.instant());
            try {
                store.update(programId, current, member);
            } catch (DuplicateKeyException raced) {
                throw conflictFrom(raced, member);
            }
            if (member.optedIn() != current.optedIn()) {
                events.publishEvent(new MemberOptInChanged(programId, id.value(), member.optedIn(), member.updatedAt()));
            }
            return member;
        });
    }

    /** When and by whom the member's personal data was erased; empty when it was not. */
    public Optional<MemberErasure> erasure(String programId, MemberId id) {
        return store.erasure(programId, id);
    }

    /** The member, or {@link MemberGone} (410) when their personal data was erased, or {@link MemberNotFound}. */
    public Member getPresent(String programId, MemberId id) {
        MemberStore.Found found = store.findWithErasure(programId, id).orElseThrow(() -> new MemberNotFound(id.toString()));
        if (found.erasure().isPresent()) {
            throw new MemberGone(found.erasure().get());
        }
        return found.member();
    }

    /**
     * Erases the member's personal data: profile fields, external id, attributes and identifiers are cleared, the opt-in
     * is withdrawn, and {@link MemberErased} lets other modules clear theirs, all in one transaction with the record of
     * who did it and when. The member's id stays, and with it everything the ledger keeps under it. Erasing an erased
     * member changes nothing and answers the first erasure.
     */
    public MemberErasure erase(String programId, MemberId id, String erasedBy) {
        return tx.execute(status -> {
            Member current = store.find(programId, id, true).orElseThrow(() -> new MemberNotFound(id.toString()));
            Optional<MemberErasure> done = store.erasure(programId, id);
            if (done.isPresent()) {
                return done.get();
            }
            MemberErasure erasure = new MemberErasure(id, clock.instant(), erasedBy);
            store.erase(programId, current, erasure);
            if (current.optedIn()) {
                events.publishEvent(new MemberOptInChanged(programId, id.value(), false, erasure.erasedAt()));
            }
            events.publishEvent(new MemberErased(programId, id.value(), erasure.erasedAt()));
            return erasure;
        });
    }

    /** What is wrong with a draft by the rules of {@link #create}, without creating anything; empty when nothing is. */
    public List<FieldError> problems(MemberDraft draft) {
        try {
            validated(draft);
            return List.of();
        } catch (InvalidInput e) {
            return e.errors();
        }
    }

    /**
     * Creates, in the caller's transaction, the members of a batch (each with an external id, validated by the caller
     * with {@link #problems}) that no member of the program has yet, with one statement; the others are left as they
     * are. Answers every external id's member and which were created.
     */
    public ImportedMembers createMissing(String programId, List<MemberDraft> drafts) {
        if (drafts.isEmpty()) {
            return new ImportedMembers(Map.of(), Set.of());
        }
        Instant now = clock.instant();
        List<Member> batch = drafts.stream().map(d -> {
            if (d.externalId() == null || !d.identifiers().isEmpty()) {
                throw new IllegalArgumentException("a batch member has an external id and no identifiers");
            }
            MemberDraft v = validated(d);
            return new Member(MemberId.random(), v.externalId(), v.email(), v.mobileNumber(), v.firstName(), v.lastName(),
                    v.gender(), v.dob(), v.address(), v.address2(), v.city(), v.zip(), v.state(), v.country(), v.optedIn(),
                    v.attributes(), List.of(), now, now);
        }).toList();
        Set<String> created = store.insertMissing(programId, batch);
        Map<String, UUID> ids = store.byExternalIds(programId, batch.stream().map(Member::externalId).toList());
        for (Member m : batch) {
            if (m.optedIn() && created.contains(m.externalId())) {
                events.publishEvent(new MemberOptInChanged(programId, ids.get(m.externalId()), true, now));
            }
        }
        return new ImportedMembers(ids, created);
    }

    public MemberPage search(String programId, MemberQuery query) {
        Validation v = new Validation();
        if (query.limit() < 1 || query.limit() > MemberQuery.LIMIT_MAX) {
            v.add("limit", "must be between 1 and " + MemberQuery.LIMIT_MAX);
        }
        v.throwIfInvalid();
        MemberQuery normalized = new MemberQuery(query.email() == null ? null : query.email().trim(),
                query.externalId(), query.mobileNumber() == null ? null : normalizeMobile(query.mobileNumber()),
                query.identifier(), query.after(), query.limit());
        List<Member> found = store.search(programId, normalized);
        boolean more = found.size() > query.limit();
        List<Member> page = more ? found.subList(0, query.limit()) : found;
        return new MemberPage(page, more ? page.get(page.size() - 1).id() : null);
    }

    private void refuseTaken(String programId, MemberId self, MemberDraft draft) {
        if (draft.externalId() != null && store.externalIdTakenByOther(programId, draft.externalId(), self)) {
            throw MemberConflict.externalId(draft.externalId());
        }
        List<Identifier> taken = store.identifiersTakenByOther(programId, draft.identifiers(), self);
        if (!taken.isEmpty()) {
            Identifier first = taken.get(0);
            throw MemberConflict.identifier("identifiers[" + draft.identifiers().indexOf(first) + "]", first);
        }
    }

    private static MemberConflict conflictFrom(DuplicateKeyException e, Member member) {
        String message = String.valueOf(e.getMostSpecificCause().getMessage());
        if (message.contains("EXTERNAL_ID")) {
            return MemberConflict.externalId(member.externalId());
        }
        if (message.contains("IDENTIFIER")) {
            return new MemberConflict("identifier-taken", "identifiers", "Another member of this program has one of these identifiers.");
        }
        return MemberConflict.id(member.id());
    }

    /** Every rule a member's fields must follow, whichever API they came through. */
    private MemberDraft validated(MemberDraft d) {
        Validation v = new Validation();
        String externalId = text(v, "externalId", d.externalId(), EXTERNAL_ID_CHARS_MAX);
        if (externalId != null && !EXTERNAL_ID.matcher(externalId).matches()) {
            v.add("externalId", "must not be blank or start or end with spaces");
        }
        String email = text(v, "email", d.email(), EMAIL_CHARS_MAX);
        if (email != null) {
            email = email.trim();
            if (!EMAIL.matcher(email).matches()) {
                v.add("email", "must be an email address such as name@example.com");
            }
        }
        String mobile = text(v, "mobileNumber", d.mobileNumber(), MOBILE_NUMBER_CHARS_MAX);
        if (mobile != null) {
            mobile = normalizeMobile(mobile);
            if (!MOBILE.matcher(mobile).matches()) {
                v.add("mobileNumber", "must be a phone number of 4 to 20 digits, optionally starting with +");
            }
        }
        if (d.dob() != null) {
            LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
            if (d.dob().isAfter(today) || d.dob().isBefore(LocalDate.of(1900, 1, 1))) {
                v.add("dob", "must be a date between 1900-01-01 and today");
            }
        }
        text(v, "firstName", d.firstName(), TEXT_FIELD_CHARS_MAX);
        text(v, "lastName", d.lastName(), TEXT_FIELD_CHARS_MAX);
        text(v, "gender", d.gender(), GENDER_CHARS_MAX);
        text(v, "address", d.address(), TEXT_FIELD_CHARS_MAX);
        text(v, "address2", d.address2(), TEXT_FIELD_CHARS_MAX);
        text(v, "city", d.city(), TEXT_FIELD_CHARS_MAX);
        text(v, "zip", d.zip(), ZIP_CHARS_MAX);
        text(v, "state", d.state(), STATE_CHARS_MAX);
        text(v, "country", d.country(), COUNTRY_CHARS_MAX);
        attributes(v, d.attributes());
        identifiers(v, d.identifiers());
        v.throwIfInvalid();
        return new MemberDraft(d.id(), externalId, email, mobile, d.firstName(), d.lastName(), d.gender(), d.dob(),
                d.address(), d.address2(), d.city(), d.zip(), d.state(), d.country(), d.optedIn(), d.attributes(), d.identifiers());
    }

    private static String text(Validation v, String field, String value, int max) {
        if (value != null && value.length() > max) {
            v.add(field, "must be at most " + max + " characters");
            return null;
        }
        return value;
    }

    private static void attributes(Validation v, Map<String, Object> attributes) {
        if (attributes.size() > ATTRIBUTES_MAX) {
            v.add("attributes", "must have at most " + ATTRIBUTES_MAX + " fields");
        }
        for (String key : attributes.keySet()) {
            if (key.isBlank() || key.length() > ATTRIBUTE_NAME_CHARS_MAX) {
                v.add("attributes." + key, "attribute names must be 1 to " + ATTRIBUTE_NAME_CHARS_MAX + " characters");
            }
        }
        if (String.valueOf(attributes).length() > ATTRIBUTES_JSON_CHARS_MAX) {
            v.add("attributes", "must be at most " + ATTRIBUTES_JSON_CHARS_MAX + " characters in all");
        }
    }

    private static void identifiers(Validation v, List<Identifier> identifiers) {
        if (identifiers.size() > IDENTIFIERS_MAX) {
            v.add("identifiers", "must have at most " + IDENTIFIERS_MAX + " items");
            return;
        }
        Set<Identifier> seen = new HashSet<>();
        for (int i = 0; i < identifiers.size(); i++) {
            Identifier id = identifiers.get(i);
            String field = "identifiers[" + i + "]";
            if (id.type() == null || !IDENTIFIER_TYPE.matcher(id.type()).matches()) {
                v.add(field + ".type", "must be 1 to " + IDENTIFIER_TYPE_CHARS_MAX + " letters, digits, '_', '.', ':' or '-'");
            }
            if (id.value() == null || id.value().isBlank() || id.value().length() > IDENTIFIER_VALUE_CHARS_MAX) {
                v.add(field + ".value", "must be 1 to " + IDENTIFIER_VALUE_CHARS_MAX + " characters");
            }
            if (!seen.add(id)) {
                v.add(field, "is listed twice");
            }
        }
    }

    static String normalizeMobile(String mobile) {
        return MOBILE_SEPARATORS.matcher(mobile.trim()).replaceAll("");
    }
}

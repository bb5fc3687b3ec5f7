package io.photosync.audit.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.photosync.audit.config.AuditConfig;
import io.photosync.audit.provenance.ProvenanceProjector;
import io.photosync.audit.provenance.ProvenanceReport;
import io.photosync.audit.provenance.ProvenanceRepository;
import io.photosync.audit.provenance.ProvenanceService;
import io.photosync.audit.support.SupportCase.Grant;
import io.photosync.audit.support.SupportCase.Note;
import io.photosync.audit.support.SupportEvents.Action;
import io.photosync.audit.support.SupportEvents.Read;
import io.photosync.common.problem.PrintableText;
import io.photosync.common.problem.ProblemException;
import io.photosync.deviceauth.Caller;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The rules of docs/SUPPORT.md. Account data is read and actions are done only under a live grant, and only
 * after the event saying so is in the log ({@link SupportEvents}); a grant or case change is logged before it
 * is stored, so the log may show a change that then failed to be stored, never the reverse.
 */
@ApplicationScoped
public class SupportService {
    static final int MAX_TEXT = 2000;
    private static final String OWNER = "owner";

    @Inject
    SupportRepository cases;

    @Inject
    SupportEvents events;

    @Inject
    AccountSupportClient account;

    @Inject
    ProvenanceService provenance;

    @Inject
    ProvenanceRepository projection;

    @Inject
    ProvenanceProjector projector;

    @Inject
    AuditConfig config;

    Clock clock = Clock.systemUTC();

    // --- the owner, from a phone

    /** The owner asks support about a photo: the case is open and its grant active at once. */
    public SupportCase openByOwner(Caller owner, UUID photoId, String question) {
        checkText("question", question);
        Instant now = clock.instant();
        UUID caseId = UUID.randomUUID();
        Grant grant = new Grant(
                UUID.randomUUID(),
                caseId,
                Grant.State.active,
                "owner-request",
                now,
                now,
                now.plus(config.support().grantLifetime()),
                null,
                null);
        SupportCase sc = new SupportCase(
                caseId,
                owner.accountId(),
                photoId,
                owner.deviceId(),
                question.strip(),
                OWNER,
                null,
                SupportCase.State.open,
                null,
                null,
                now,
                null,
                null,
                grant,
                null);
        events.grant(sc, grant);
        cases.insert(sc);
        return sc.forOwner();
    }

    public List<SupportCase> ownerCases(UUID accountId) {
        return cases.ofAccount(accountId).stream().map(SupportCase::forOwner).toList();
    }

    public SupportCase ownerCase(UUID accountId, UUID caseId) {
        return cases.find(caseId)
                .filter(sc -> sc.accountId().equals(accountId))
                .map(SupportCase::forOwner)
                .orElseThrow(() -> ProblemException.notFound("no case " + caseId + " on this account"));
    }

    /** The owner lets agents in on a case an agent opened; approving an active grant again changes nothing. */
    public Grant approve(Caller owner, UUID grantId) {
        SupportCase sc = ownersGrant(owner.accountId(), grantId);
        Grant grant = sc.grant();
        if (grant.state() == Grant.State.active) {
            return grant;
        }
        if (grant.state() == Grant.State.ended || sc.isClosed()) {
            throw ProblemException.conflict("grant-ended", "this grant has ended; ask support to open a new case");
        }
        Instant now = clock.instant();
        Grant approved = new Grant(
                grant.id(),
                sc.id(),
                Grant.State.active,
                grant.reason(),
                grant.requestedAt(),
                now,
                now.plus(config.support().grantLifetime()),
                null,
                null);
        events.grant(sc, approved);
        cases.approve(grantId, owner.deviceId(), now, approved.expiresAt());
        return ownersGrant(owner.accountId(), grantId).grant();
    }

    /** The owner ends a grant at once; ending an ended grant changes nothing. */
    public Grant endGrant(UUID accountId, UUID grantId) {
        SupportCase sc = ownersGrant(accountId, grantId);
        if (sc.grant().state() != Grant.State.ended) {
            Instant now = clock.instant();
            events.grant(sc, ended(sc.grant(), OWNER, now));
            cases.endGrant(grantId, OWNER, now);
        }
        return ownersGrant(accountId, grantId).grant();
    }

    private SupportCase ownersGrant(UUID accountId, UUID grantId) {
        return cases.findByGrant(grantId)
                .filter(sc -> sc.accountId().equals(accountId))
                .orElseThrow(() -> ProblemException.notFound("no grant " + grantId + " on this account"));
    }

    // --- agents, from the console or the staff API

    public List<SupportCase> queue() {
        return cases.queue();
    }

    /** An agent opens a case for an account; nothing of the account is visible until the owner approves. */
    public SupportCase openByAgent(Staff staff, UUID accountId, UUID photoId, String question) {
        checkText("question", question);
        projector.catchUp();
        if (!projection.hasAccount(accountId)) {
            throw ProblemException.notFound("no account " + accountId + " in the log");
        }
        Instant now = clock.instant();
        UUID caseId = UUID.randomUUID();
        Grant grant = new Grant(
                UUID.randomUUID(), caseId, Grant.State.requested, "agent-request", now, null, null, null, null);
        SupportCase sc = new SupportCase(
                caseId,
                accountId,
                photoId,
                null,
                question.strip(),
                "agent",
                staff.staffId(),
                SupportCase.State.open,
                null,
                null,
                now,
                null,
                null,
                grant,
                null);
        events.grant(sc, grant);
        cases.insert(sc);
        return caseFor(caseId);
    }

    /** A case's own page: question, state, grant, notes. No account data. */
    public SupportCase caseFor(UUID caseId) {
        return cases.find(caseId).orElseThrow(() -> ProblemException.notFound("no case " + caseId));
    }

    /** An agent takes a case, or a lead gives it to another agent. */
    public SupportCase assign(Staff staff, UUID caseId, String assignee) {
        String to = assignee == null || assignee.isBlank() ? staff.staffId() : assignee;
        if (!to.equals(staff.staffId()) && !staff.isLead()) {
            throw ProblemException.forbidden("lead-required", "only a support lead assigns a case to someone else");
        }
        if (!to.matches("[A-Za-z0-9-]{1,32}")) {
            throw ProblemException.badRequest("staffId is 1 to 32 letters, digits or '-'");
        }
        SupportCase sc = open(caseId);
        if (sc.state() == SupportCase.State.resolved) {
            throw ProblemException.conflict("case-resolved", "a resolved case is not reassigned");
        }
        events.action(sc, staff, Action.ASSIGN, to, null, null);
        cases.assign(caseId, to);
        return caseFor(caseId);
    }

    public ProvenanceReport provenance(Staff staff, UUID caseId) {
        SupportCase sc = live(caseId);
        if (sc.photoId() == null || sc.deviceId() == null) {
            throw ProblemException.conflict(
                    "no-photo", "this case names no photo (or no phone of the owner approved it yet)");
        }
        events.access(sc, staff, Read.PROVENANCE_REPORT);
        return provenance.report(sc.accountId(), sc.photoId(), sc.deviceId());
    }

    public JsonNode accountOverview(Staff staff, UUID caseId) {
        SupportCase sc = live(caseId);
        events.access(sc, staff, Read.ACCOUNT_OVERVIEW);
        return account.overview(sc, staff);
    }

    public void signOutSession(Staff staff, UUID caseId, UUID sessionId) {
        SupportCase sc = live(caseId);
        events.action(sc, staff, Action.SIGN_OUT_SESSION, null, sessionId.toString(), null);
        account.signOutSession(sc, staff, sessionId.toString());
    }

    public void signOutDevice(Staff staff, UUID caseId, String deviceId) {
        SupportCase sc = live(caseId);
        events.action(sc, staff, Action.SIGN_OUT_DEVICE, null, deviceId, null);
        account.signOutDevice(sc, staff, deviceId);
    }

    public SupportCase addNote(Staff staff, UUID caseId, String text) {
        checkText("text", text);
        SupportCase sc = open(caseId);
        events.action(sc, staff, Action.NOTE, null, null, text.strip());
        cases.addNote(caseId, new Note(UUID.randomUUID(), staff.staffId(), text.strip(), clock.instant()));
        return caseFor(caseId);
    }

    public SupportCase resolve(Staff staff, UUID caseId, String resolution) {
        checkText("resolution", resolution);
        SupportCase sc = open(caseId);
        if (!staff.staffId().equals(sc.assignee()) && !staff.isLead()) {
            throw ProblemException.forbidden("not-assignee", "only the case's assignee or a lead resolves it");
        }
        events.action(sc, staff, Action.RESOLVE, null, null, resolution.strip());
        cases.resolve(caseId, resolution.strip(), clock.instant());
        return caseFor(caseId);
    }

    public SupportCase close(Staff staff, UUID caseId) {
        if (!staff.isLead()) {
            throw ProblemException.forbidden("lead-required", "only a support lead closes a case at once");
        }
        SupportCase sc = open(caseId);
        events.action(sc, staff, Action.CLOSE, null, null, null);
        closeCase(sc);
        return caseFor(caseId);
    }

    /** Resolved cases close by themselves {@code audit.support.close-after} after their resolution. */
    @Scheduled(every = "${audit.support.close-every:1m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void closeResolved() {
        for (UUID id :
                cases.resolvedBefore(clock.instant().minus(config.support().closeAfter()))) {
            cases.find(id).filter(sc -> !sc.isClosed()).ifPresent(this::closeCase);
        }
    }

    private void closeCase(SupportCase sc) {
        Instant now = clock.instant();
        if (sc.grant().state() != Grant.State.ended) {
            events.grant(sc, ended(sc.grant(), "case-closed", now));
        }
        cases.close(sc.id(), now);
    }

    private SupportCase open(UUID caseId) {
        SupportCase sc = caseFor(caseId);
        if (sc.isClosed()) {
            throw ProblemException.conflict("case-closed", "case " + caseId + " is closed");
        }
        return sc;
    }

    private SupportCase live(UUID caseId) {
        SupportCase sc = open(caseId);
        if (!sc.grant().isLive(clock.instant())) {
            throw ProblemException.forbidden(
                    "grant-required",
                    switch (sc.grant().state()) {
                        case requested -> "the owner has not approved access for this case yet";
                        case ended -> "the owner's grant for this case has ended";
                        case active -> "the owner's grant for this case has expired";
                    });
        }
        return sc;
    }

    private static Grant ended(Grant grant, String by, Instant at) {
        return new Grant(
                grant.id(),
                grant.caseId(),
                Grant.State.ended,
                grant.reason(),
                grant.requestedAt(),
                grant.approvedAt(),
                grant.expiresAt(),
                at,
                by);
    }

    private static void checkText(String field, String text) {
        if (text == null || text.isBlank() || text.length() > MAX_TEXT) {
            throw ProblemException.badRequest(field + " is required, at most " + MAX_TEXT + " characters");
        }
        PrintableText.requireWithLineBreaks(field, text);
    }
}

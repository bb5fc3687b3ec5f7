package io.photosync.audit.support.console;

import io.photosync.audit.support.Staff;
import io.photosync.audit.support.SupportRepository;
import io.photosync.common.problem.ProblemException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * One-time tokens of the console's forms: the CSRF and replay protection (quarkus-rest-csrf is not available).
 * A token is made for one member of staff, carried in one rendered form and used up by the first post of it.
 */
@ApplicationScoped
public class FormTokens {
    /** Long enough to read a case and write a note; a form older than that is simply reloaded. */
    static final Duration LIFETIME = Duration.ofHours(1);

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    SupportRepository repository;

    Clock clock = Clock.systemUTC();

    public String issue(Staff staff) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        repository.addFormToken(token, staff.staffId(), clock.instant().plus(LIFETIME));
        return token;
    }

    /** Uses up {@code token}: a missing, unknown, expired, used or someone else's token is 403 and nothing is done. */
    public void use(Staff staff, String token) {
        if (token == null || token.isEmpty() || !repository.useFormToken(token, staff.staffId(), clock.instant())) {
            throw ProblemException.forbidden(
                    "form-token-invalid",
                    "this form was already sent, is too old or is not yours; reload the page and try again");
        }
    }

    @Scheduled(every = "1h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetExpired() {
        repository.deleteExpiredFormTokens(clock.instant());
    }
}

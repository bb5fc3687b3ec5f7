package io.photosync.audit.support;

import io.photosync.common.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The member of staff of this request, from the staff identity provider's token (docs/SUPPORT.md "Who is who"). */
@RequestScoped
public class CurrentStaff {
    public static final String STAFF_ID_CLAIM = "staff_id";
    private static final Pattern STAFF_ID = Pattern.compile("[A-Za-z0-9-]{1,32}");

    @Inject
    SecurityIdentity identity;

    public Staff get() {
        Object claim = identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getClaim(STAFF_ID_CLAIM) : null;
        String staffId = claim == null ? null : claim.toString();
        if (staffId == null || !STAFF_ID.matcher(staffId).matches()) {
            // The log must name who looked; a staff account without a staff number may not look.
            throw ProblemException.forbidden(
                    "staff-id-required", "your staff account has no staff_id; ask an administrator");
        }
        return new Staff(staffId, identity.hasRole(Staff.Role.LEAD.claim()) ? Staff.Role.LEAD : Staff.Role.AGENT);
    }
}

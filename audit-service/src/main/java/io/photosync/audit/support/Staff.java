package io.photosync.audit.support;

/**
 * A signed-in member of staff as the log and the owner see them: the pseudonymous staff number from the
 * identity provider's {@code staff_id} claim and the role they act in, never a name or a login.
 */
public record Staff(String staffId, Role role) {
    public enum Role {
        AGENT("support-agent"),
        LEAD("support-lead");

        private final String claim;

        Role(String claim) {
            this.claim = claim;
        }

        /** The realm role's name, also what the log records. */
        public String claim() {
            return claim;
        }
    }

    public boolean isLead() {
        return role == Role.LEAD;
    }
}

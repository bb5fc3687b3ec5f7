package io.photosync.account.outbox;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** account-service with its outbox relay on, relaying to {@link RefusingLog}. */
public class RefusingLogProfile implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(RefusingLog.class));
    }
}

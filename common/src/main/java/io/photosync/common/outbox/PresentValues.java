package io.photosync.common.outbox;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the name/value maps of log events (and account-service's alert details), leaving absent values out. */
public final class PresentValues {
    private PresentValues() {
    }

    public static Map<String, Object> of(Object... namesAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                map.put((String) namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return map;
    }
}

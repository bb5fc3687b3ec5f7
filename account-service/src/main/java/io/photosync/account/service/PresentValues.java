package io.photosync.account.service;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the name/value maps of an alert's details, leaving absent values out. Log events have their own builder,
 * common's {@code io.photosync.common.event.EventFacts}, which also knows each name.
 */
public final class PresentValues {
    private PresentValues() {}

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

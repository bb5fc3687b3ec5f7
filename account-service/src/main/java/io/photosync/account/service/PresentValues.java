package io.photosync.account.service;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds name/value maps for events and alert details, leaving absent values out. */
final class PresentValues {
    private PresentValues() {
    }

    static Map<String, Object> of(Object... namesAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                map.put((String) namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return map;
    }
}

package io.photosync.common.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The detail of a malformed-JSON problem, from what real Jackson throws: the client's terms, nothing of ours. */
class JsonProblemDetailTest {
    enum Kind {
        SIGN_OUT_SESSION,
        SIGN_OUT_DEVICE
    }

    record Step(UUID id, Kind kind, Instant at, int count) {}

    record Body(String name, List<Step> steps, boolean open) {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .findAndRegisterModules();

    private static String detailOf(String json) {
        JsonProcessingException e = assertThrows(JsonProcessingException.class, () -> JSON.readValue(json, Body.class));
        String detail = ProblemMappers.jsonDetail(e);
        for (String leak : List.of("java.", "io.photosync", "com.fasterxml", "Body", "Step", "Kind", "Exception")) {
            assertFalse(detail.contains(leak), detail);
        }
        return detail;
    }

    @Test
    void anUnknownEnumValueListsTheAllowedOnes() {
        assertEquals(
                "field `steps[0].kind` must be one of [SIGN_OUT_SESSION, SIGN_OUT_DEVICE]",
                detailOf("{\"steps\":[{\"kind\":\"DELETE_EVERYTHING\"}]}"));
    }

    @Test
    void aValueOfTheWrongJsonTypeNamesTheFieldAndTheJsonTypeExpected() {
        assertEquals("field `name` must be a string", detailOf("{\"name\":{\"x\":1}}"));
        assertEquals("field `steps` must be an array", detailOf("{\"steps\":7}"));
        assertEquals("field `steps[1].count` must be a number", detailOf("{\"steps\":[{},{\"count\":\"many\"}]}"));
        assertEquals("field `open` must be true or false", detailOf("{\"open\":\"yes\"}"));
        assertEquals("the body must be an object", detailOf("[1,2]"));
    }

    @Test
    void aStringOfTheWrongFormSaysSoWithoutNamingTheType() {
        assertEquals(
                "field `steps[0].id` has a value of the wrong form", detailOf("{\"steps\":[{\"id\":\"not-a-uuid\"}]}"));
    }

    @Test
    void unknownFieldsAndBrokenJsonAreNamedAsSuch() {
        assertEquals("unknown field `colour`", detailOf("{\"colour\":\"red\"}"));
        // the second field starts at column 13 without the comma before it
        assertEquals(
                "the body is not well-formed JSON at line 1, column 13", detailOf("{\"name\":\"a\" \"open\":true}"));
    }
}

package io.photosync.cli.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class TextTest {
    @Test
    void terminalEscapesAndBidiOverridesArePrintedAsEscapesNotObeyed() {
        assertEquals("phone\\u001b[2A\\u001b[2Kfake", Text.printable("phone\u001b[2A\u001b[2Kfake"));
        assertEquals("\\u202eenohp", Text.printable("\u202eenohp"));
        assertEquals("a\\u000ab\\u200b", Text.printable("a\nb\u200b"));
    }

    @Test
    void ordinaryTextOfAnyScriptIsLeftAlone() {
        assertEquals("Zoë's 手机 📱", Text.printable("Zoë's 手机 📱"));
    }

    @Test
    void aReportWithATerminalEscapeInADeviceNamePrintsItEscaped() throws Exception {
        JsonNode report = Json.MAPPER.readTree("""
            {"photo":{"id":"p-1"},"device":{"id":"d","name":"phone\\u001b[2A\\u001b[2Kfake","model":"m"},
             "verdict":{"code":"X","summary":"s"},"chain":[],"findings":[],"explanation":{"en":"e","zh":"z"}}\
            """);
        String text = new ReportPrinter(java.time.ZoneOffset.UTC).render(report);
        assertFalse(text.contains("\u001b"), text);
        assertTrue(text.contains("phone\\u001b[2A\\u001b[2Kfake"), text);
    }
}

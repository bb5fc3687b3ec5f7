package io.photosync.cli.device;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}

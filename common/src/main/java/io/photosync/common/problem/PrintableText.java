package io.photosync.common.problem;

/**
 * Free text people and phones supply is shown to others (an owner's screen, an agent's console, the cli):
 * control, format (bidi overrides among them), private-use and unassigned characters could rewrite what
 * the reader sees, so they are refused with a 400 that names the character.
 */
public final class PrintableText {
    private PrintableText() {}

    /** Refuses {@code value} (null is fine) if it holds an unprintable character; no line breaks either. */
    public static void require(String field, String value) {
        check(field, value, false);
    }

    /** As {@link #require}, but line feeds are allowed: for questions, notes and resolutions. */
    public static void requireWithLineBreaks(String field, String value) {
        check(field, value, true);
    }

    private static void check(String field, String value, boolean lineBreaks) {
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            int type = Character.getType(cp);
            boolean allowedBreak = lineBreaks && cp == '\n';
            if (!allowedBreak
                    && (type == Character.CONTROL
                            || type == Character.FORMAT
                            || type == Character.LINE_SEPARATOR
                            || type == Character.PARAGRAPH_SEPARATOR
                            || type == Character.PRIVATE_USE
                            || type == Character.UNASSIGNED
                            || type == Character.SURROGATE)) {
                throw ProblemException.badRequest(
                        field + " contains the unprintable character U+" + String.format("%04X", cp) + " at position "
                                + i + "; control, format and bidi characters are not allowed");
            }
            i += Character.charCount(cp);
        }
    }
}

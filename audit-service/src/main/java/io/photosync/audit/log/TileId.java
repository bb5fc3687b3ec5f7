package io.photosync.audit.log;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tile of the C2SP tlog-tiles layout: tile level {@code level} holds the hashes of tree level
 * {@code 8·level}, 256 per tile; tile {@code index} holds those numbered {@code [256·index, 256·index+256)}.
 */
public record TileId(int level, long index) {
    public static final int HEIGHT = 8;
    public static final int WIDTH = 1 << HEIGHT;
    private static final Pattern TILE_PATH =
            Pattern.compile("(\\d{1,2})/((?:x\\d{3}/){0,6}\\d{3})(?:\\.p/(\\d{1,3}))?");

    public TileId {
        if (level < 0 || index < 0) {
            throw new IllegalArgumentException("no such tile: level " + level + ", index " + index);
        }
    }

    /** The tile whose bottom row holds the hashes a node is computed from. */
    public static TileId holding(NodeId node) {
        int tileLevel = node.level() / HEIGHT;
        int above = node.level() - tileLevel * HEIGHT;
        return new TileId(tileLevel, (node.index() << above) >>> HEIGHT);
    }

    /** A tile and a width, as a tlog-tiles path names them (width 256 for a full tile). */
    public record Request(TileId id, int width) {}

    /** Parses {@code <L>/<N>[.p/<W>]} (N as {@code x001/x234/067}); throws IllegalArgumentException otherwise. */
    public static Request parse(String path) {
        Matcher m = TILE_PATH.matcher(path);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a tlog-tiles tile path: " + path);
        }
        boolean partial = m.group(3) != null;
        int width = partial ? Integer.parseInt(m.group(3)) : WIDTH;
        if (partial && (width < 1 || width >= WIDTH)) {
            throw new IllegalArgumentException("a partial tile has 1 to 255 hashes");
        }
        long index = Long.parseLong(m.group(2).replace("x", "").replace("/", ""));
        TileId id = new TileId(Integer.parseInt(m.group(1)), index);
        if (!id.path(width).equals("tile/" + path)) {
            throw new IllegalArgumentException("not the canonical path of a tile: " + path);
        }
        return new Request(id, width);
    }

    /** C2SP tlog-tiles path of this tile: {@code tile/<L>/<N>[.p/<W>]}, N in groups of three digits. */
    public String path(int width) {
        StringBuilder n = new StringBuilder();
        String digits = Long.toString(index);
        int pad = (3 - digits.length() % 3) % 3;
        digits = "0".repeat(pad) + digits;
        for (int i = 0; i < digits.length(); i += 3) {
            boolean last = i + 3 == digits.length();
            n.append(last ? "" : "x").append(digits, i, i + 3).append(last ? "" : "/");
        }
        return "tile/" + level + "/" + n + (width < WIDTH ? ".p/" + width : "");
    }
}

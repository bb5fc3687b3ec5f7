package io.photosync.audit.log;

/**
 * A tile of the C2SP tlog-tiles layout: tile level {@code level} holds the hashes of tree level
 * {@code 8·level}, 256 per tile; tile {@code index} holds those numbered {@code [256·index, 256·index+256)}.
 */
public record TileId(int level, long index) {
    public static final int HEIGHT = 8;
    public static final int WIDTH = 1 << HEIGHT;

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

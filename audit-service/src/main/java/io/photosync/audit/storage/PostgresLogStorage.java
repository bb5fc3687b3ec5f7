package io.photosync.audit.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.photosync.audit.entry.Chains;
import io.photosync.audit.entry.Disclosure;
import io.photosync.audit.entry.PreparedEntry;
import io.photosync.audit.log.Checkpoint;
import io.photosync.audit.log.Hashes;
import io.photosync.audit.log.Tile;
import io.photosync.audit.log.TileId;
import io.photosync.common.jdbc.DatabaseException;
import io.photosync.common.jdbc.Transactions;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;

/** {@link LogStorage} in PostgreSQL (migration V1__transparency_log.sql), plain JDBC with explicit transactions. */
public class PostgresLogStorage implements LogStorage {
    /** Advisory lock key of the sequencer: 'plog' in ASCII. Any replica holding it is the one sequencer. */
    static final long SEQUENCER_LOCK = 0x706c6f67L;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource dataSource;

    public PostgresLogStorage(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    private <T> T inTransaction(Transactions.Work<T> work) {
        return Transactions.inTransaction(dataSource, work);
    }

    private <T> T read(Transactions.Work<T> work) {
        return Transactions.read(dataSource, work);
    }

    @Override
    public void store(List<PreparedEntry> entries, String source, TokenUse use)
            throws EntryConflictException, TokenReplayedException {
        Exception refused = inTransaction(c -> {
            if (use != null) {
                Set<String> unspent = new HashSet<>();
                spend(new Pipeline(), c, List.of(use), unspent).run(c);
                if (unspent.isEmpty()) {
                    c.rollback();
                    return new TokenReplayedException();
                }
            }
            Set<UUID> inserted = new HashSet<>();
            List<Object> parameters = new ArrayList<>(List.of(source));
            parameters.addAll(entryArrays(c, entries));
            new Pipeline()
                    .query("""
                        insert into log_entry (id, content_hash, entry, source, chain)
                        select id, content_hash, entry, ?, chain
                        from unnest(?::uuid[], ?::bytea[], ?::bytea[], ?::text[]) as t(id, content_hash, entry, chain)
                        on conflict (id) do nothing returning id\
                        """, parameters, rs -> {
                        while (rs.next()) {
                            inserted.add(rs.getObject(1, UUID.class));
                        }
                    })
                    .run(c);
            List<UUID> conflicting = new ArrayList<>();
            if (inserted.size() < entries.size()) {
                Map<UUID, byte[]> stored = new HashMap<>();
                contentHashes(
                                new Pipeline(),
                                c,
                                entries.stream()
                                        .map(PreparedEntry::id)
                                        .filter(id -> !inserted.contains(id))
                                        .toList(),
                                stored)
                        .run(c);
                for (PreparedEntry e : entries) {
                    byte[] hash = stored.get(e.id());
                    if (hash != null && !MessageDigest.isEqual(hash, e.contentHash())) {
                        conflicting.add(e.id());
                    }
                }
            }
            if (!conflicting.isEmpty()) {
                c.rollback();
                return new EntryConflictException(conflicting);
            }
            insertDisclosures(
                            new Pipeline(),
                            c,
                            entries.stream()
                                    .filter(e -> inserted.contains(e.id()))
                                    .toList())
                    .run(c);
            return null;
        });
        if (refused instanceof EntryConflictException conflict) {
            throw conflict;
        }
        if (refused instanceof TokenReplayedException replayed) {
            throw replayed;
        }
    }

    /** Records {@code uses}, adding to {@code unspent} the keys that were not recorded before. */
    private static Pipeline spend(Pipeline pipeline, Connection c, Collection<TokenUse> uses, Set<String> unspent)
            throws SQLException {
        if (uses.isEmpty()) {
            return pipeline;
        }
        return pipeline.query(
                "insert into dpop_jti (jti_key, forget_after) select * from unnest(?::text[], ?::timestamptz[])"
                        + " on conflict do nothing returning jti_key",
                List.of(
                        c.createArrayOf("text", uses.stream().map(TokenUse::key).toArray(String[]::new)),
                        c.createArrayOf(
                                "timestamptz",
                                uses.stream()
                                        .map(u -> Timestamp.from(u.forgetAfter()))
                                        .toArray(Timestamp[]::new))),
                rs -> {
                    while (rs.next()) {
                        unspent.add(rs.getString(1));
                    }
                });
    }

    /** The id, content hash, entry and chain arrays of {@code entries}, as parameters. */
    private static List<Object> entryArrays(Connection c, List<PreparedEntry> entries) throws SQLException {
        return List.of(
                c.createArrayOf("uuid", entries.stream().map(PreparedEntry::id).toArray(UUID[]::new)),
                c.createArrayOf(
                        "bytea",
                        entries.stream().map(PreparedEntry::contentHash).toArray(byte[][]::new)),
                c.createArrayOf(
                        "bytea", entries.stream().map(PreparedEntry::entry).toArray(byte[][]::new)),
                c.createArrayOf(
                        "text", entries.stream().map(PreparedEntry::chain).toArray(String[]::new)));
    }

    /** Puts into {@code hashes} the content hashes of those of {@code ids} that are stored. */
    private static Pipeline contentHashes(
            Pipeline pipeline, Connection c, Collection<UUID> ids, Map<UUID, byte[]> hashes) throws SQLException {
        if (ids.isEmpty()) {
            return pipeline;
        }
        return pipeline.query(
                "select id, content_hash from log_entry where id = any(?)",
                List.of(c.createArrayOf("uuid", ids.toArray(UUID[]::new))),
                rs -> {
                    while (rs.next()) {
                        hashes.put(rs.getObject(1, UUID.class), rs.getBytes(2));
                    }
                });
    }

    /** One row per entry that has any: {@code {"<field>": ["<salt>", "<value JSON text>"]}} (migration V90). */
    private static Pipeline insertDisclosures(Pipeline pipeline, Connection c, List<PreparedEntry> entries)
            throws SQLException {
        List<UUID> ids = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        for (PreparedEntry e : entries) {
            if (!e.disclosures().isEmpty()) {
                ObjectNode byField = JSON.createObjectNode();
                e.disclosures()
                        .forEach(d -> byField.putArray(d.field()).add(d.salt()).add(d.valueJson()));
                ids.add(e.id());
                fields.add(byField.toString());
            }
        }
        if (ids.isEmpty()) {
            return pipeline;
        }
        return pipeline.update(
                "insert into log_disclosure (entry_id, fields) select * from unnest(?::uuid[], ?::jsonb[])",
                List.of(
                        c.createArrayOf("uuid", ids.toArray(UUID[]::new)),
                        c.createArrayOf("text", fields.toArray(String[]::new))));
    }

    private static List<Disclosure> disclosures(String fields) {
        try {
            List<Disclosure> disclosures = new ArrayList<>();
            JSON.readTree(fields)
                    .properties()
                    .forEach(f -> disclosures.add(new Disclosure(
                            f.getKey(),
                            f.getValue().get(0).asText(),
                            f.getValue().get(1).asText())));
            disclosures.sort(Comparator.comparing(Disclosure::field));
            return disclosures;
        } catch (JsonProcessingException e) {
            throw new DatabaseException(new SQLException("a disclosure row is not JSON", e));
        }
    }

    @Override
    public Map<UUID, Sequenced> sequenced(Collection<UUID> ids) {
        return read(c -> {
            Map<UUID, Sequenced> result = new HashMap<>();
            try (PreparedStatement ps =
                    c.prepareStatement("select id, idx, entry from log_entry where id = any(?) and idx is not null")) {
                ps.setArray(1, c.createArrayOf("uuid", ids.toArray(UUID[]::new)));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        result.put(
                                rs.getObject(1, UUID.class),
                                new Sequenced(rs.getLong(2), Hashes.leafHash(rs.getBytes(3))));
                    }
                }
            }
            return result;
        });
    }

    @Override
    public long pendingCount() {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("select count(*) from log_entry where idx is null");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public Optional<SequencingSession> beginSequencing() {
        try {
            Connection c = dataSource.getConnection();
            try {
                c.setAutoCommit(false);
                boolean[] locked = new boolean[1];
                List<StoredCheckpoint> latest = new ArrayList<>(1);
                // The checkpoint is read by the statement after the lock's, so with the lock's holder's view.
                latestCheckpoint(
                                new Pipeline()
                                        .query("select pg_try_advisory_xact_lock(?)", List.of(SEQUENCER_LOCK), rs -> {
                                            rs.next();
                                            locked[0] = rs.getBoolean(1);
                                        }),
                                latest)
                        .run(c);
                if (!locked[0]) {
                    c.rollback();
                    c.close();
                    return Optional.empty();
                }
                return Optional.of(
                        new PostgresSequencingSession(c, latest.stream().findFirst()));
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                c.close();
                throw e;
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
    }

    @Override
    public Optional<StoredCheckpoint> latestCheckpoint() {
        return read(PostgresLogStorage::latestCheckpoint);
    }

    private static Optional<StoredCheckpoint> latestCheckpoint(Connection c) throws SQLException {
        List<StoredCheckpoint> latest = new ArrayList<>(1);
        latestCheckpoint(new Pipeline(), latest).run(c);
        return latest.stream().findFirst();
    }

    /** Adds the latest checkpoint, if there is one, to {@code latest}. */
    private static Pipeline latestCheckpoint(Pipeline pipeline, List<StoredCheckpoint> latest) {
        return pipeline.query("select note from log_checkpoint order by tree_size desc limit 1", List.of(), rs -> {
            if (rs.next()) {
                latest.add(checkpoint(rs.getString(1)));
            }
        });
    }

    private static StoredCheckpoint checkpoint(String note) {
        return new StoredCheckpoint(Checkpoint.parse(note.substring(0, note.lastIndexOf("\n\n") + 1)), note);
    }

    @Override
    public void forEachCheckpoint(Consumer<StoredCheckpoint> action) {
        read(c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("select tree_size, root_hash, note from log_checkpoint order by tree_size")) {
                ps.setFetchSize(1000);
                c.setAutoCommit(false);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        StoredCheckpoint stored = checkpoint(rs.getString(3));
                        if (stored.size() != rs.getLong(1)
                                || !MessageDigest.isEqual(stored.checkpoint().rootHash(), rs.getBytes(2))) {
                            throw new DatabaseException(new SQLException(
                                    "checkpoint row " + rs.getLong(1) + " disagrees with its own note"));
                        }
                        action.accept(stored);
                    }
                }
                c.commit();
            }
            return null;
        });
    }

    @Override
    public Map<TileId, Tile> tiles(Set<TileId> ids) {
        return read(c -> tiles(c, ids));
    }

    private static Map<TileId, Tile> tiles(Connection c, Set<TileId> ids) throws SQLException {
        Map<TileId, Tile> tiles = new HashMap<>();
        tiles(new Pipeline(), c, ids, tiles).run(c);
        return tiles;
    }

    /** Puts into {@code tiles} those of {@code ids} that are stored. */
    private static Pipeline tiles(Pipeline pipeline, Connection c, Set<TileId> ids, Map<TileId, Tile> tiles)
            throws SQLException {
        if (ids.isEmpty()) {
            return pipeline;
        }
        return pipeline.query(
                "select t.level, t.idx, t.hashes from log_tile t join unnest(?::int[], ?::bigint[]) as w(level, idx)"
                        + " on t.level = w.level and t.idx = w.idx",
                List.of(
                        c.createArrayOf("int", ids.stream().map(TileId::level).toArray(Integer[]::new)),
                        c.createArrayOf(
                                "bigint", ids.stream().map(TileId::index).toArray(Long[]::new))),
                rs -> {
                    while (rs.next()) {
                        TileId id = new TileId(rs.getInt(1), rs.getLong(2));
                        tiles.put(id, new Tile(id, rs.getBytes(3)));
                    }
                });
    }

    @Override
    public void forEachTile(int level, Consumer<Tile> action) {
        read(c -> {
            c.setAutoCommit(false);
            try (PreparedStatement ps =
                    c.prepareStatement("select idx, hashes from log_tile where level = ? order by idx")) {
                ps.setFetchSize(256);
                ps.setInt(1, level);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        TileId id = new TileId(level, rs.getLong(1));
                        action.accept(new Tile(id, rs.getBytes(2)));
                    }
                }
            }
            c.commit();
            return null;
        });
    }

    @Override
    public List<byte[]> entries(long from, long to) {
        return read(c -> {
            List<byte[]> entries = new ArrayList<>();
            try (PreparedStatement ps =
                    c.prepareStatement("select idx, entry from log_entry where idx >= ? and idx < ? order by idx")) {
                ps.setLong(1, from);
                ps.setLong(2, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next() && rs.getLong(1) == from + entries.size()) {
                        entries.add(rs.getBytes(2));
                    }
                }
            }
            return entries;
        });
    }

    @Override
    public Optional<StoredEntry> entry(long index) {
        return entries(List.of(index)).stream().findFirst();
    }

    @Override
    public List<StoredEntry> entries(Collection<Long> indices) {
        return read(c -> {
            Map<UUID, Long> indexOf = new HashMap<>();
            Map<Long, byte[]> leafAt = new HashMap<>();
            try (PreparedStatement ps =
                    c.prepareStatement("select idx, id, entry from log_entry where idx = any(?) order by idx")) {
                ps.setArray(1, c.createArrayOf("bigint", indices.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        indexOf.put(rs.getObject(2, UUID.class), rs.getLong(1));
                        leafAt.put(rs.getLong(1), rs.getBytes(3));
                    }
                }
            }
            Map<Long, List<Disclosure>> disclosuresAt = new HashMap<>();
            try (PreparedStatement ps =
                    c.prepareStatement("select entry_id, fields from log_disclosure where entry_id = any(?)")) {
                ps.setArray(1, c.createArrayOf("uuid", indexOf.keySet().toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        disclosuresAt.put(indexOf.get(rs.getObject(1, UUID.class)), disclosures(rs.getString(2)));
                    }
                }
            }
            List<StoredEntry> entries = new ArrayList<>(leafAt.size());
            indexOf.forEach((id, index) -> entries.add(
                    new StoredEntry(index, id, leafAt.get(index), disclosuresAt.getOrDefault(index, List.of()))));
            entries.sort(Comparator.comparingLong(StoredEntry::index));
            return entries;
        });
    }

    @Override
    public int eraseDisclosures(UUID entryId) {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "with erased as (delete from log_disclosure where entry_id = ? returning fields) select"
                            + " coalesce(sum((select count(*) from jsonb_object_keys(fields))), 0) from erased")) {
                ps.setObject(1, entryId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    @Override
    public String signingKey(String name, String generated) {
        return inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into log_signing_key (name, skey) values (?, ?) on conflict (name) do nothing")) {
                ps.setString(1, name);
                ps.setString(2, generated);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("select skey from log_signing_key where name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
    }

    private static final class PostgresSequencingSession implements SequencingSession {
        private final Connection c;
        private final Optional<StoredCheckpoint> latest;
        private boolean committed;

        PostgresSequencingSession(Connection c, Optional<StoredCheckpoint> latest) {
            this.c = c;
            this.latest = latest;
        }

        @Override
        public Optional<StoredCheckpoint> latestCheckpoint() {
            return latest;
        }

        @Override
        public Found read(Wanted wanted) {
            Found found =
                    new Found(new ArrayList<>(), new HashSet<>(), new HashMap<>(), new HashMap<>(), new HashMap<>());
            try {
                Pipeline pipeline = new Pipeline()
                        .query(
                                "select id, entry, received_at, chain from log_entry where idx is null"
                                        + " order by received_seq limit ?",
                                List.of(wanted.pendingLimit()),
                                rs -> {
                                    while (rs.next()) {
                                        found.pending()
                                                .add(new PendingEntry(
                                                        rs.getObject(1, UUID.class),
                                                        rs.getBytes(2),
                                                        rs.getTimestamp(3).toInstant(),
                                                        rs.getString(4)));
                                    }
                                });
                spend(pipeline, c, wanted.uses(), found.unspent());
                contentHashes(pipeline, c, wanted.ids(), found.contentHashes());
                chainHeads(pipeline, c, wanted.chains(), found.heads());
                tiles(pipeline, c, wanted.tiles(), found.tiles());
                pipeline.run(c);
            } catch (SQLException e) {
                throw new DatabaseException(e);
            }
            return found;
        }

        @Override
        public Map<String, Chains.Head> chainHeads(Set<String> chains) {
            Map<String, Chains.Head> heads = new HashMap<>();
            try {
                chainHeads(new Pipeline(), c, chains, heads).run(c);
            } catch (SQLException e) {
                throw new DatabaseException(e);
            }
            return heads;
        }

        private static Pipeline chainHeads(
                Pipeline pipeline, Connection c, Set<String> chains, Map<String, Chains.Head> heads)
                throws SQLException {
            if (chains.isEmpty()) {
                return pipeline;
            }
            return pipeline.query(
                    "select chain, idx, leaf_hash from log_chain_head where chain = any(?)",
                    List.of(c.createArrayOf("text", chains.toArray(String[]::new))),
                    rs -> {
                        while (rs.next()) {
                            heads.put(rs.getString(1), new Chains.Head(rs.getLong(2), rs.getBytes(3)));
                        }
                    });
        }

        @Override
        public void write(Writes writes) {
            try {
                Pipeline pipeline = new Pipeline();
                assign(pipeline, writes.assigned(), writes.firstIndex());
                insertSequenced(
                        pipeline,
                        writes.inserted(),
                        writes.firstIndex() + writes.assigned().size());
                moveChainHeads(pipeline, writes.heads());
                writeTiles(pipeline, writes.tiles());
                pipeline.update(
                        "insert into log_checkpoint (tree_size, root_hash, note) values (?, ?, ?)",
                        List.of(
                                writes.checkpoint().size(),
                                writes.checkpoint().checkpoint().rootHash(),
                                writes.checkpoint().note()));
                pipeline.run(c);
            } catch (SQLException e) {
                throw new DatabaseException(e);
            }
        }

        private void assign(Pipeline pipeline, List<PendingEntry> entries, long firstIndex) throws SQLException {
            if (entries.isEmpty()) {
                return;
            }
            pipeline.update(
                    """
                    update log_entry e set idx = ? + t.ord - 1, entry = t.entry, sequenced_at = now()
                    from unnest(?::uuid[], ?::bytea[]) with ordinality as t(id, entry, ord)
                    where e.id = t.id and e.idx is null\
                    """,
                    List.of(
                            firstIndex,
                            c.createArrayOf(
                                    "uuid",
                                    entries.stream().map(PendingEntry::id).toArray(UUID[]::new)),
                            c.createArrayOf(
                                    "bytea",
                                    entries.stream().map(PendingEntry::entry).toArray(byte[][]::new))),
                    updated -> {
                        if (updated != entries.size()) {
                            throw new SQLException("assigned " + updated + " of " + entries.size() + " indices");
                        }
                    });
        }

        private void insertSequenced(Pipeline pipeline, List<NewEntry> entries, long firstIndex) throws SQLException {
            if (entries.isEmpty()) {
                return;
            }
            List<PreparedEntry> prepared = entries.stream().map(NewEntry::entry).toList();
            List<Object> parameters = new ArrayList<>(List.of(firstIndex));
            parameters.addAll(entryArrays(c, prepared));
            parameters.add(c.createArrayOf(
                    "text", entries.stream().map(NewEntry::source).toArray(String[]::new)));
            parameters.add(c.createArrayOf(
                    "timestamptz",
                    entries.stream().map(e -> Timestamp.from(e.receivedAt())).toArray(Timestamp[]::new)));
            pipeline.update("""
                insert into log_entry (id, content_hash, entry, chain, source, received_at, idx, sequenced_at)
                select id, content_hash, entry, chain, source, received_at, ? + ord - 1, now()
                from unnest(?::uuid[], ?::bytea[], ?::bytea[], ?::text[], ?::text[], ?::timestamptz[])
                    with ordinality as t(id, content_hash, entry, chain, source, received_at, ord)\
                """, parameters);
            insertDisclosures(pipeline, c, prepared);
        }

        private void moveChainHeads(Pipeline pipeline, Map<String, Chains.Head> heads) throws SQLException {
            if (heads.isEmpty()) {
                return;
            }
            List<String> chains = new ArrayList<>(heads.keySet());
            pipeline.update(
                    """
                    insert into log_chain_head (chain, idx, leaf_hash) select * from unnest(?::text[], ?::bigint[], ?::bytea[])
                    on conflict (chain) do update set idx = excluded.idx, leaf_hash = excluded.leaf_hash\
                    """,
                    List.of(
                            c.createArrayOf("text", chains.toArray(String[]::new)),
                            c.createArrayOf(
                                    "bigint",
                                    chains.stream()
                                            .map(k -> heads.get(k).index())
                                            .toArray(Long[]::new)),
                            c.createArrayOf(
                                    "bytea",
                                    chains.stream()
                                            .map(k -> heads.get(k).leafHash())
                                            .toArray(byte[][]::new))));
        }

        private void writeTiles(Pipeline pipeline, Collection<Tile> tiles) throws SQLException {
            if (tiles.isEmpty()) {
                return;
            }
            pipeline.update(
                    """
                    insert into log_tile (level, idx, hashes) select * from unnest(?::int[], ?::bigint[], ?::bytea[])
                    on conflict (level, idx) do update set hashes = excluded.hashes\
                    """,
                    List.of(
                            c.createArrayOf(
                                    "int",
                                    tiles.stream().map(t -> t.id().level()).toArray(Integer[]::new)),
                            c.createArrayOf(
                                    "bigint",
                                    tiles.stream().map(t -> t.id().index()).toArray(Long[]::new)),
                            c.createArrayOf(
                                    "bytea", tiles.stream().map(Tile::hashes).toArray(byte[][]::new))));
        }

        @Override
        public void commit() {
            try {
                c.commit();
                committed = true;
            } catch (SQLException e) {
                throw new DatabaseException(e);
            }
        }

        @Override
        public void close() {
            try (c) {
                if (!committed) {
                    c.rollback();
                }
            } catch (SQLException e) {
                throw new DatabaseException(e);
            }
        }
    }
}

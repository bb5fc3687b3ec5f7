package io.photosync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** What the service wrote, read straight from its database and storage directory. */
@ApplicationScoped
public class Records {
    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper objectMapper;

    @ConfigProperty(name = "sync.storage.dir")
    Path storageDir;

    /** Rows in a table belonging to an account. */
    public long count(String table, UUID accountId) {
        return single("select count(*) from " + table + " where account_id = ?", accountId);
    }

    /** Every row written for the account: photos, uploads, changes, deliveries, downloads, outbox events. */
    public Map<String, Long> everything(UUID accountId) {
        return Map.of(
                "photo",
                count("photo", accountId),
                "photo_upload",
                count("photo_upload", accountId),
                "photo_change",
                count("photo_change", accountId),
                "photo_delivery",
                count("photo_delivery", accountId),
                "photo_download",
                count("photo_download", accountId),
                "outbox",
                single("select count(*) from outbox where event->>'accountId' = ?", accountId.toString()));
    }

    /** The account's outbox events of one type, oldest first, as the JSON the relay will submit. */
    public List<JsonNode> outboxEvents(UUID accountId, String type) {
        return rows(
                        "select event::text from outbox where event->>'accountId' = ? and event_type = ? order by seq",
                        accountId.toString(),
                        type)
                .stream()
                .map(row -> readJson((String) row.get(0)))
                .toList();
    }

    public List<List<Object>> rows(String sql, Object... parameters) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<List<Object>> rows = new ArrayList<>();
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        row.add(rs.getObject(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void execute(String sql, Object... parameters) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every file under the storage directory (content and incoming temporaries), relative paths. */
    public Set<String> storedFiles() {
        Path root = storageDir.toAbsolutePath();
        if (!Files.exists(root)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            Set<String> names = new TreeSet<>();
            files.filter(Files::isRegularFile)
                    .forEach(file -> names.add(root.relativize(file).toString()));
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path contentFile(String sha256) {
        return storageDir
                .toAbsolutePath()
                .resolve(sha256.substring(0, 2))
                .resolve(sha256.substring(2, 4))
                .resolve(sha256);
    }

    private long single(String sql, Object parameter) {
        return ((Number) rows(sql, parameter).get(0).get(0)).longValue();
    }

    private JsonNode readJson(String text) {
        try {
            return objectMapper.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

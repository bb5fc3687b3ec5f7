package io.photosync.common.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;

/**
 * Writes an event into the service's {@code outbox} table (migration {@code db/common/V100_2__outbox.sql}).
 * Must run inside the transaction that records the fact itself, so the two commit or fail together.
 */
@ApplicationScoped
public class OutboxWriter {
    @Inject
    AgroalDataSource dataSource;
    @Inject
    ObjectMapper objectMapper;

    @Transactional(Transactional.TxType.MANDATORY)
    public void append(LogEvent event) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "insert into outbox (id, event_type, event, created_at) values (?, ?, ?::jsonb, ?)")) {
            ps.setObject(1, event.id());
            ps.setString(2, event.type());
            ps.setString(3, objectMapper.writeValueAsString(event));
            ps.setTimestamp(4, Timestamp.from(event.occurredAt()));
            ps.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot write outbox event " + event.type(), e);
        }
    }
}

package io.photosync.common.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.photosync.common.jdbc.DatabaseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Writes an event into the service's {@code outbox} table (migration {@code db/common/V100_2__outbox.sql}).
 * Must run inside the transaction that records the fact itself, so the two commit or fail together.
 * <p>
 * Every event is first brought within the log's limits ({@link EventLimits#bound}): what a client made too
 * long is truncated with a visible marker, so the log accepts every event a source writes. An event that
 * cannot be written, for that reason or any other, throws {@link OutboxWriteException}: the fact must not
 * be recorded without its event.
 */
@ApplicationScoped
public class OutboxWriter {
    private static final Logger LOG = Logger.getLogger(OutboxWriter.class);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper objectMapper;

    @Inject
    MeterRegistry meterRegistry;

    Clock clock = Clock.systemUTC();

    @Transactional(Transactional.TxType.MANDATORY)
    public void append(LogEvent event) {
        LogEvent bounded;
        try {
            EventLimits.Bounded b = EventLimits.bound(event, clock.instant());
            bounded = b.event();
            if (!b.truncated().isEmpty()) {
                // field names and lengths only: the values may be personal
                LOG.warnf(
                        "outbox event %s %s: truncated to the log's %d characters: %s",
                        event.type(), event.id(), EventLimits.MAX_STRING, String.join(", ", b.truncated()));
                meterRegistry.counter("outbox.truncated", "type", event.type()).increment();
            }
        } catch (EventLimits.UnloggableEventException e) {
            LOG.errorf(
                    "outbox event %s %s refused at write time (a programming error): %s",
                    event.type(), event.id(), e.getMessage());
            throw new OutboxWriteException(event.type(), e);
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "insert into outbox (id, event_type, event, created_at) values (?, ?, ?::jsonb, ?)")) {
            ps.setObject(1, bounded.id());
            ps.setString(2, bounded.type());
            ps.setString(3, objectMapper.writeValueAsString(bounded));
            ps.setTimestamp(4, Timestamp.from(bounded.occurredAt()));
            ps.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            LOG.errorf("outbox event %s %s not written: %s", event.type(), event.id(), e.getMessage());
            throw new OutboxWriteException(event.type(), e);
        }
    }

    /**
     * Erasure of an account (docs/PRIVACY.md "Erasure"): removes {@code personal} from every outbox row of the account,
     * relayed or not, inside the caller's transaction. A row not yet relayed keeps its non-personal fact and reaches
     * the log without the erased values (the leaf then holds no digest of them); a relayed row's leaf is unchanged.
     *
     * @return how many rows held personal values
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int erasePersonal(UUID accountId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "update outbox set event = event - 'personal' where event ->> 'accountId' = ? and event ->"
                                + " 'personal' is not null")) {
            ps.setString(1, accountId.toString());
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException("erase the outbox's personal values of an account", e);
        }
    }
}

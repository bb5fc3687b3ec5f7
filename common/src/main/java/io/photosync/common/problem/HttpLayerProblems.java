package io.photosync.common.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Problem bodies for what the HTTP layer refuses before JAX-RS sees a request, so that every refusal of every service
 * has the one RFC 9457 shape ({@link ProblemMappers} covers what JAX-RS refuses):
 * <ul>
 * <li>a request target {@link URI} cannot parse ({@code |}, <code>{</code>, a {@code %} not followed by two hex
 * digits): Quarkus's own check answers it with an empty 400 before any route runs, so that check is switched off
 * ({@code vertx.disableURIValidation}, by {@link io.photosync.common.http.ServiceMain}) and done here instead, as the
 * first route, so nothing behind it (security, DPoP {@code htu}, JAX-RS) ever sees such a target;</li>
 * <li>a body declared larger than {@code quarkus.http.limits.max-body-size} (Quarkus would end it with an empty 413),
 * and a status the HTTP layer fails a request with. (A chunked body that only grows past the limit while Quarkus's
 * body handler reads it still gets that handler's empty 413: it ends the answer itself.)</li>
 * <li>a local file-system error while receiving a body (an upload directory that cannot be written): a 500 that says
 * so without naming the path, as it is the server's fault, not the client's.</li>
 * </ul>
 */
@ApplicationScoped
public class HttpLayerProblems {
    private static final Logger LOG = Logger.getLogger(HttpLayerProblems.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    Optional<MemorySize> maxBodySize;

    void install(@Observes Router router) {
        long limit = maxBodySize.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
        router.route().order(Integer.MIN_VALUE).handler(ctx -> checkRequest(ctx, limit));
        router.route().order(Integer.MIN_VALUE).failureHandler(HttpLayerProblems::failed);
    }

    private static void checkRequest(RoutingContext ctx, long maxBodySize) {
        try {
            new URI(ctx.request().uri());
        } catch (URISyntaxException e) {
            // The reason, not the target: it is the client's own text, and may be anything.
            end(
                    ctx,
                    Problem.of(
                            400,
                            "malformed-request-target",
                            "Malformed request target",
                            "the request target is not a valid URI (RFC 3986): " + e.getReason()));
            return;
        }
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && length.matches("[0-9]{1,18}") && Long.parseLong(length) > maxBodySize) {
            // the body stays unread: close the connection after the answer rather than read it
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            end(ctx, tooLarge());
            return;
        }
        ctx.next();
    }

    private static Problem tooLarge() {
        return Problem.of(
                413,
                "request-entity-too-large",
                "Request Entity Too Large",
                "the request body is larger than this service accepts");
    }

    private static void failed(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        int status = failure instanceof HttpException http ? http.getStatusCode() : ctx.statusCode();
        if (ctx.response().headWritten()) {
            ctx.next();
        } else if (LocalStorageProblems.isLocalStorageFailure(failure)) {
            LOG.errorf(failure, "a request body could not be stored locally");
            end(ctx, LocalStorageProblems.problem());
        } else if ((failure == null || failure instanceof HttpException) && status >= 400 && status < 500) {
            Response.StatusType info = Response.Status.fromStatusCode(status);
            String title = info != null ? info.getReasonPhrase() : "HTTP " + status;
            end(
                    ctx,
                    status == 413
                            ? tooLarge()
                            : Problem.of(status, title.toLowerCase().replace(' ', '-'), title, title));
        } else {
            ctx.next();
        }
    }

    private static void end(RoutingContext ctx, Problem problem) {
        HttpServerResponse response = ctx.response();
        try {
            response.setStatusCode(problem.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .end(JSON.writeValueAsString(problem));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a problem record is always serialisable", e);
        }
    }
}

package io.photosync.sync.rest;

import io.micrometer.core.instrument.MeterRegistry;
import io.photosync.common.problem.ProblemException;
import io.photosync.deviceauth.Caller;
import io.photosync.deviceauth.CurrentCaller;
import io.photosync.sync.config.SyncConfig;
import io.photosync.sync.model.Photo;
import io.photosync.sync.service.ContentRefused;
import io.photosync.sync.service.PhotoService;
import io.photosync.sync.service.PhotoUploads;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

@Path("/v1/photos")
@Authenticated
@Tag(name = "photos")
public class PhotoResource {

    @Inject
    CurrentCaller currentCaller;

    @Inject
    PhotoUploads uploads;

    @Inject
    PhotoService photos;

    @Inject
    SyncConfig config;

    @Inject
    MeterRegistry metrics;

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Upload a photo (multipart part 'file', optional 'clientRef'); the uploader is the proven device")
    public Response upload(@RestForm("file") List<FileUpload> files, @RestForm("clientRef") String clientRef) {
        try {
            Caller caller = currentCaller.get();
            if (files == null || files.size() != 1 || files.get(0).uploadedFile() == null) {
                throw ProblemException.badRequest(
                        "exactly one multipart part named 'file' with a filename is expected");
            }
            checkClientRef(clientRef);
            PhotoService.UploadResult result =
                    uploads.upload(caller, files.get(0).uploadedFile(), clientRef);
            metrics.counter("sync.uploads", "outcome", result.created() ? "created" : "repeat")
                    .increment();
            // The upload as recorded (its log status pending): no second transaction to read it back.
            Views.UploadAnswer answer = Views.UploadAnswer.of(result.photo(), result.upload());
            return result.created()
                    ? Response.created(URI.create("/v1/photos/" + result.photo().id()))
                            .entity(answer)
                            .build()
                    : Response.ok(answer).build();
        } catch (ProblemException e) {
            metrics.counter(
                            "sync.upload_refusals",
                            "status",
                            String.valueOf(e.problem().status()))
                    .increment();
            throw e;
        } catch (ContentRefused e) {
            ProblemException problem = ContentProblems.of(e);
            metrics.counter(
                            "sync.upload_refusals",
                            "status",
                            String.valueOf(problem.problem().status()))
                    .increment();
            throw problem;
        } finally {
            // Whatever happened, no received file stays outside the content-addressed store.
            if (files != null) {
                files.stream()
                        .filter(file -> file.uploadedFile() != null)
                        .forEach(file -> uploads.discard(file.uploadedFile()));
            }
        }
    }

    @GET
    @Path("/{photoId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A photo's metadata with its full upload history")
    public Views.PhotoAnswer get(@PathParam("photoId") String photoId) {
        PhotoService.PhotoDetails details = photos.details(currentCaller.get(), PhotoIds.parse(photoId));
        return Views.PhotoAnswer.of(details.photo(), details.uploads());
    }

    @GET
    @Path("/{photoId}/content")
    @Produces(MediaType.WILDCARD)
    @Operation(summary = "The photo's bytes; recorded as a download by the calling device")
    public Response content(@PathParam("photoId") String photoId) {
        Photo photo = photos.download(currentCaller.get(), PhotoIds.parse(photoId));
        return Response.ok(photos.contentPath(photo).toFile(), photo.mediaType())
                .header("ETag", "\"" + photo.sha256() + "\"")
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "private, no-store")
                .build();
    }

    @DELETE
    @Path("/{photoId}")
    @Operation(summary = "Delete (tombstone) a photo; recorded, and announced to the account's devices")
    public Response delete(@PathParam("photoId") String photoId) {
        photos.delete(currentCaller.get(), PhotoIds.parse(photoId));
        return Response.noContent().build();
    }

    private void checkClientRef(String clientRef) {
        if (clientRef != null
                && (clientRef.length() > config.upload().maxClientRefLength()
                        || clientRef.codePoints().anyMatch(Character::isISOControl))) {
            throw ProblemException.badRequest("clientRef must be printable text of at most "
                    + config.upload().maxClientRefLength() + " characters");
        }
    }
}

package io.photosync.account.rest;

import io.photosync.account.config.DpopProducers;
import io.photosync.common.dpop.DpopNonces;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;

/** When nonces are required, every answer to a DPoP request carries a fresh one (RFC 9449 section 8.2). */
@Provider
public class DpopNonceResponseFilter implements ContainerResponseFilter {
    @Inject
    DpopProducers dpopConfiguration;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Optional<DpopNonces> nonces = dpopConfiguration.nonces();
        if (nonces.isPresent()
                && request.getHeaderString(DpopRequests.DPOP_HEADER) != null
                && !response.getHeaders().containsKey(DpopRequests.NONCE_HEADER)) {
            response.getHeaders()
                    .putSingle(DpopRequests.NONCE_HEADER, nonces.get().current());
        }
    }
}

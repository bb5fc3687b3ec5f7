/** Device simulator and independent offline verifier. */
package io.photosync.cli;

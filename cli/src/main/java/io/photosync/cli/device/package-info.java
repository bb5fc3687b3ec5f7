/**
 * The device simulator: a phone's key, its DPoP-bound session and the commands a phone's user
 * runs (sign up, sign in, upload, sync, see sessions and alerts, ask why a photo is here).
 * Plain Java against the HTTP contract; no server code.
 */
package io.photosync.cli.device;

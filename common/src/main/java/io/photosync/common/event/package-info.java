/**
 * The event contract between the sources and the log, as types: {@link io.photosync.common.event.EventType} names
 * each type with its source and fields, {@link io.photosync.common.event.EventField} each field name and whether it is
 * personal, {@link io.photosync.common.event.EventFacts} builds an event's {@code data} and {@code personal}.
 * docs/EVENTS.md describes them.
 */
package io.photosync.common.event;

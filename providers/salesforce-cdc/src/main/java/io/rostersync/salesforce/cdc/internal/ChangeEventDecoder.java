package io.rostersync.salesforce.cdc.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.jspecify.annotations.Nullable;

/**
 * Reads the {@code ChangeEventHeader} of a change event's Avro payload, with the writer's schema fetched once per
 * schema id (GetSchema) and kept. Not thread-safe in its reuse of decoders; the subscriber calls it from one thread.
 */
public final class ChangeEventDecoder {

    /** A payload that cannot be read as a change event. The message never holds payload content. */
    public static final class UnreadableEvent extends Exception {
        private static final long serialVersionUID = 1L;

        UnreadableEvent(String message, @Nullable Throwable cause) {
            super(message, cause);
        }
    }

    /** Schemas of one topic are few; a bound keeps a server that invents ids from growing the cache forever. */
    private static final int MAX_SCHEMAS = 64;

    private final Function<String, String> schemaJson;
    private final Map<String, GenericDatumReader<GenericRecord>> readers = new ConcurrentHashMap<>();
    private @Nullable BinaryDecoder decoder;

    /** @param schemaJson the schema's JSON for a schema id (a GetSchema call); may throw */
    public ChangeEventDecoder(Function<String, String> schemaJson) {
        this.schemaJson = Objects.requireNonNull(schemaJson, "schemaJson");
    }

    /** @return how many schemas were fetched and kept */
    public int cachedSchemas() {
        return readers.size();
    }

    /**
     * @param schemaId the event's schema id
     * @param payload  its Avro binary payload
     * @return the event's header
     * @throws UnreadableEvent if the schema cannot be parsed or the payload does not fit it or has no header
     * @throws RuntimeException as the schema fetch threw (a gRPC status, say)
     */
    public ChangeEvent decode(String schemaId, byte[] payload) throws UnreadableEvent {
        GenericDatumReader<GenericRecord> reader = reader(schemaId);
        GenericRecord record;
        try {
            decoder = DecoderFactory.get().binaryDecoder(payload, decoder);
            record = reader.read(null, decoder);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | ClassCastException e) {
            throw new UnreadableEvent("payload does not fit schema " + schemaId, e);
        }
        Object header = field(record, "ChangeEventHeader");
        if (!(header instanceof GenericRecord h)) {
            throw new UnreadableEvent("event of schema " + schemaId + " has no ChangeEventHeader", null);
        }
        String changeType = text(field(h, "changeType"));
        String entityName = text(field(h, "entityName"));
        if (changeType.isEmpty()) {
            throw new UnreadableEvent("event of schema " + schemaId + " has no changeType", null);
        }
        List<String> ids = new ArrayList<>();
        if (field(h, "recordIds") instanceof Collection<?> list) {
            for (Object id : list) {
                String s = text(id);
                if (!s.isBlank()) {
                    ids.add(s.strip());
                }
            }
        }
        return new ChangeEvent(changeType, entityName, ids, text(field(h, "changeOrigin")));
    }

    private GenericDatumReader<GenericRecord> reader(String schemaId) throws UnreadableEvent {
        GenericDatumReader<GenericRecord> known = readers.get(schemaId);
        if (known != null) {
            return known;
        }
        Schema schema;
        try {
            schema = new Schema.Parser().parse(schemaJson.apply(schemaId));
        } catch (SchemaParseException e) {
            throw new UnreadableEvent("schema " + schemaId + " is not a valid Avro schema", e);
        }
        if (schema.getType() != Schema.Type.RECORD) {
            throw new UnreadableEvent("schema " + schemaId + " is not a record schema", null);
        }
        GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(schema);
        if (readers.size() >= MAX_SCHEMAS) {
            readers.clear();
        }
        readers.put(schemaId, reader);
        return reader;
    }

    private static @Nullable Object field(GenericRecord record, String name) {
        return record.getSchema().getField(name) == null ? null : record.get(name);
    }

    private static String text(@Nullable Object value) {
        return value == null ? "" : value.toString();
    }
}

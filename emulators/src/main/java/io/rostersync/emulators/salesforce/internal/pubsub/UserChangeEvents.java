package io.rostersync.emulators.salesforce.internal.pubsub;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * The {@code UserChangeEvent} Avro schema and the encoding of change events with it. The schema is a
 * {@code ChangeEventHeader} record at position 0 followed by the user's fields, each a union of null and its
 * type; dates are epoch milliseconds. The bitmap fields of the header are Salesforce's: one string, {@code 0x}
 * and upper-case hex digits of a number whose bit {@code i} is the top-level field at position {@code i}.
 */
final class UserChangeEvents {

    /** The user's fields in schema order (from position 1), with their Avro types. */
    static final List<String[]> USER_FIELDS = List.of(
            new String[] {"Username", "string"}, new String[] {"Email", "string"},
            new String[] {"FirstName", "string"}, new String[] {"LastName", "string"},
            new String[] {"Alias", "string"}, new String[] {"IsActive", "boolean"},
            new String[] {"ProfileId", "string"}, new String[] {"UserRoleId", "string"},
            new String[] {"FederationIdentifier", "string"}, new String[] {"CallCenterId", "string"},
            new String[] {"TimeZoneSidKey", "string"}, new String[] {"LocaleSidKey", "string"},
            new String[] {"EmailEncodingKey", "string"}, new String[] {"LanguageLocaleKey", "string"},
            new String[] {"UserType", "string"}, new String[] {"CreatedDate", "long"},
            new String[] {"LastModifiedDate", "long"});

    private static final DateTimeFormatter MODSTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx");

    private final String json;
    private final Schema schema;
    private final Schema header;
    private final String id;

    UserChangeEvents() {
        StringBuilder s = new StringBuilder();
        s.append("{\"type\":\"record\",\"name\":\"UserChangeEvent\",\"namespace\":\"com.sforce.eventbus\",")
                .append("\"doc\":\"Change Data Capture event of the User object (rostersync emulator)\",\"fields\":[")
                .append("{\"name\":\"ChangeEventHeader\",\"type\":{\"type\":\"record\",\"name\":\"ChangeEventHeader\",\"fields\":[")
                .append("{\"name\":\"entityName\",\"type\":\"string\"},")
                .append("{\"name\":\"recordIds\",\"type\":{\"type\":\"array\",\"items\":\"string\"}},")
                .append("{\"name\":\"changeType\",\"type\":{\"type\":\"enum\",\"name\":\"ChangeType\",\"symbols\":")
                .append("[\"CREATE\",\"UPDATE\",\"DELETE\",\"UNDELETE\",\"GAP_CREATE\",\"GAP_UPDATE\",\"GAP_DELETE\",")
                .append("\"GAP_UNDELETE\",\"GAP_OVERFLOW\",\"SNAPSHOT\"]}},")
                .append("{\"name\":\"changeOrigin\",\"type\":\"string\"},")
                .append("{\"name\":\"transactionKey\",\"type\":\"string\"},")
                .append("{\"name\":\"sequenceNumber\",\"type\":\"int\"},")
                .append("{\"name\":\"commitTimestamp\",\"type\":\"long\"},")
                .append("{\"name\":\"commitNumber\",\"type\":\"long\"},")
                .append("{\"name\":\"commitUser\",\"type\":\"string\"},")
                .append("{\"name\":\"nulledFields\",\"type\":{\"type\":\"array\",\"items\":\"string\"}},")
                .append("{\"name\":\"diffFields\",\"type\":{\"type\":\"array\",\"items\":\"string\"}},")
                .append("{\"name\":\"changedFields\",\"type\":{\"type\":\"array\",\"items\":\"string\"}}]}}");
        for (String[] f : USER_FIELDS) {
            s.append(",{\"name\":\"").append(f[0]).append("\",\"type\":[\"null\",\"").append(f[1]).append("\"],\"default\":null}");
        }
        s.append("]}");
        json = s.toString();
        schema = new Schema.Parser().parse(json);
        header = schema.getField("ChangeEventHeader").schema();
        byte[] fingerprint = ByteBuffer.allocate(8).putLong(SchemaNormalization.parsingFingerprint64(schema)).array();
        id = Base64.getUrlEncoder().withoutPadding().encodeToString(fingerprint);
    }

    String json() {
        return json;
    }

    String id() {
        return id;
    }

    /** The event's payload: Avro binary of the schema. */
    byte[] encode(ChangeEvent e) {
        GenericRecord h = new GenericData.Record(header);
        h.put("entityName", "User");
        h.put("recordIds", e.recordIds());
        h.put("changeType", new GenericData.EnumSymbol(header.getField("changeType").schema(), e.changeType()));
        h.put("changeOrigin", e.changeOrigin());
        h.put("transactionKey", e.transactionKey());
        h.put("sequenceNumber", e.sequenceNumber());
        h.put("commitTimestamp", e.commitTimestamp());
        h.put("commitNumber", e.commitNumber());
        h.put("commitUser", e.commitUser());
        h.put("diffFields", List.of());
        GenericRecord r = new GenericData.Record(schema);
        r.put("ChangeEventHeader", h);
        BigInteger nulled = BigInteger.ZERO;
        for (String[] f : USER_FIELDS) {
            JsonNode v = e.values().get(f[0]);
            if (v == null) {
                continue;
            }
            if (v.isNull()) {
                if (e.changeType().equals("UPDATE")) {
                    nulled = nulled.setBit(schema.getField(f[0]).pos());
                }
                continue;
            }
            r.put(f[0], switch (f[1]) {
                case "boolean" -> v.asBoolean();
                case "long" -> OffsetDateTime.parse(v.asText(), MODSTAMP).toInstant().toEpochMilli();
                default -> v.asText();
            });
        }
        BigInteger changed = BigInteger.ZERO;
        for (String f : e.changedFields()) {
            Schema.Field field = schema.getField(f);
            if (field != null) {
                changed = changed.setBit(field.pos());
            }
        }
        h.put("nulledFields", bitmap(nulled));
        h.put("changedFields", bitmap(changed));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new GenericDatumWriter<GenericRecord>(schema).write(r, encoder);
            encoder.flush();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    /** Salesforce's bitmap field: empty if no bit is set, else one string {@code 0x<HEX>} of whole bytes. */
    static List<String> bitmap(BigInteger bits) {
        if (bits.signum() == 0) {
            return List.of();
        }
        String hex = bits.toString(16).toUpperCase(Locale.ROOT);
        List<String> out = new ArrayList<>(1);
        out.add("0x" + (hex.length() % 2 == 1 ? "0" + hex : hex));
        return out;
    }
}

package io.rostersync.salesforce.cdc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class ChangeEventDecoderTest {

    /** A cut-down UserChangeEvent: the header Salesforce sends, then one user field. */
    private static final String SCHEMA = """
            {"type": "record", "name": "UserChangeEvent", "namespace": "com.sforce.eventbus", "fields": [
              {"name": "ChangeEventHeader", "type": {"type": "record", "name": "ChangeEventHeader", "fields": [
                {"name": "entityName", "type": "string"},
                {"name": "recordIds", "type": {"type": "array", "items": "string"}},
                {"name": "changeType", "type": {"type": "enum", "name": "ChangeType",
                  "symbols": ["CREATE", "UPDATE", "DELETE", "UNDELETE", "GAP_CREATE", "GAP_UPDATE", "GAP_DELETE",
                              "GAP_UNDELETE", "GAP_OVERFLOW", "SNAPSHOT"]}},
                {"name": "changeOrigin", "type": "string"},
                {"name": "commitTimestamp", "type": "long"}]}},
              {"name": "LastName", "type": ["null", "string"], "default": null}]}
            """;

    private static byte[] event(String type, List<String> ids, String origin) throws IOException {
        Schema schema = new Schema.Parser().parse(SCHEMA);
        Schema headerSchema = schema.getField("ChangeEventHeader").schema();
        GenericRecord header = new GenericData.Record(headerSchema);
        header.put("entityName", "User");
        header.put("recordIds", ids);
        header.put("changeType", new GenericData.EnumSymbol(headerSchema.getField("changeType").schema(), type));
        header.put("changeOrigin", origin);
        header.put("commitTimestamp", 1L);
        GenericRecord record = new GenericData.Record(schema);
        record.put("ChangeEventHeader", header);
        record.put("LastName", "Lovelace");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @Test
    void readsTheHeaderAndFetchesEachSchemaOnce() throws Exception {
        AtomicInteger fetches = new AtomicInteger();
        ChangeEventDecoder decoder = new ChangeEventDecoder(id -> {
            fetches.incrementAndGet();
            return SCHEMA;
        });

        ChangeEvent first = decoder.decode("s1", event("UPDATE", List.of("005A", "005B"), "com/salesforce/api/rest/62.0;client=x"));
        ChangeEvent second = decoder.decode("s1", event("GAP_OVERFLOW", List.of(), ""));

        assertThat(first).isEqualTo(new ChangeEvent("UPDATE", "User", List.of("005A", "005B"), "com/salesforce/api/rest/62.0;client=x"));
        assertThat(second.isOverflow()).isTrue();
        assertThat(fetches).hasValue(1);
    }

    @Test
    void aPayloadThatDoesNotFitItsSchemaIsUnreadableWithoutItsContentInTheMessage() {
        ChangeEventDecoder decoder = new ChangeEventDecoder(id -> SCHEMA);

        assertThatThrownBy(() -> decoder.decode("s1", new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 1}))
                .isInstanceOf(ChangeEventDecoder.UnreadableEvent.class).hasMessageContaining("s1");
    }

    @Test
    void aSchemaWithoutAHeaderOrNotAvroIsUnreadable() {
        ChangeEventDecoder noHeader = new ChangeEventDecoder(id -> "{\"type\": \"record\", \"name\": \"X\", \"fields\": []}");
        ChangeEventDecoder notAvro = new ChangeEventDecoder(id -> "not json");

        assertThatThrownBy(() -> noHeader.decode("s2", new byte[0])).isInstanceOf(ChangeEventDecoder.UnreadableEvent.class)
                .hasMessageContaining("ChangeEventHeader");
        assertThatThrownBy(() -> notAvro.decode("s3", new byte[0])).isInstanceOf(ChangeEventDecoder.UnreadableEvent.class);
    }
}

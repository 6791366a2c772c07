package io.rostersync.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.http.internal.Redactor;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorAndSecretTest {

    private static final String SECRET = "c1ient/S3CRET+x= y&ü";

    @Test
    void findsACredentialInEveryEncodingAServerEchoes() {
        Redactor r = Redactor.of(List.of(SECRET));
        String form = URLEncoder.encode(SECRET, StandardCharsets.UTF_8);
        List<String> echoes = List.of(SECRET, form, form.toLowerCase(), form.replace("+", "%20"),
                Base64.getEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8)),
                Base64.getUrlEncoder().withoutPadding().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8)),
                "c1ient\\/S3CRET+x= y&ü", SECRET.substring(0, 9), SECRET.substring(5, 15));
        for (String echo : echoes) {
            String text = "rejected: [" + echo + "] please retry";
            assertThat(r.echoes(text)).as(echo).isTrue();
            assertThat(r.redact(text)).as(echo).startsWith("rejected: [").endsWith("] please retry")
                    .contains(Redactor.MASK).doesNotContain("S3CRET");
        }
    }

    @Test
    void leavesTextWithoutACredentialAlone() {
        Redactor r = Redactor.of(List.of(SECRET));
        String text = "invalid_client: the client could not be authenticated (request id 4f2a)";
        assertThat(r.echoes(text)).isFalse();
        assertThat(r.redact(text)).isSameAs(text);
        assertThat(Redactor.none().redact(SECRET)).isEqualTo(SECRET);
    }

    @Test
    void secretOfNullSaysWhichCredentialIsMissing() {
        assertThatThrownBy(() -> Secret.of("TALKDESK_CLIENT_SECRET", System.getenv("ROSTERSYNC_SURELY_UNSET_VARIABLE_42")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TALKDESK_CLIENT_SECRET is missing");
        assertThatThrownBy(() -> Secret.of(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing").hasMessageContaining("Secret.of(name, value)");
        assertThatThrownBy(() -> Secret.of("ZENDESK_API_TOKEN", "  "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ZENDESK_API_TOKEN is blank");
        assertThatThrownBy(() -> Secret.of("SCIM_TOKEN", "abc\r\ndef"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SCIM_TOKEN")
                .hasMessageNotContaining("abc");
        assertThat(Secret.of("NAME", "value").reveal()).isEqualTo("value");
    }
}

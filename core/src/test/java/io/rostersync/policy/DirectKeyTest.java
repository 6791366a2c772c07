package io.rostersync.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.model.EmailAddress;
import io.rostersync.model.NativeId;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.model.internal.DirectKey;
import io.rostersync.spi.MatchKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The planner reads the built-in keys without an Optional; what it reads is what the keys' Optionals hold. */
class DirectKeyTest {

    private static final List<MatchKey> KEYS = List.of(IdentityMatchers.emailKey(), IdentityMatchers.usernameKey(),
            IdentityMatchers.attributeKey("employeeId"), IdentityMatchers.sourceIdKey("vendorId"));

    @Test
    void everyBuiltInKeyGivesTheValueOfItsOptionalOrNull() {
        for (UserRecord r : records()) {
            for (MatchKey key : KEYS) {
                assertThat(key).isInstanceOf(DirectKey.class);
                DirectKey direct = (DirectKey) key;
                assertThat(Optional.ofNullable(direct.sourceValueOrNull(r))).as("%s source of %s", key.name(), r.id())
                        .isEqualTo(key.sourceValue(r));
                assertThat(Optional.ofNullable(direct.targetValueOrNull(r))).as("%s target of %s", key.name(), r.id())
                        .isEqualTo(key.targetValue(r));
            }
        }
    }

    @Test
    void theKeysOfAMatcherChainAreDirectToo() {
        assertThat(IdentityMatchers.chain(IdentityMatchers.byEmail(), IdentityMatchers.byUsername()).keys())
                .allSatisfy(key -> assertThat(key).isInstanceOf(DirectKey.class));
    }

    private static List<UserRecord> records() {
        List<UserRecord> records = new ArrayList<>();
        records.add(new UserRecord(NativeId.of("bare"), UserProfile.builder().build(), Optional.empty()));
        records.add(new UserRecord(NativeId.of("Ke\u0301vin-1"), UserProfile.builder()
                .email(EmailAddress.of("Kate@Example.com"))
                .username("Kate.Smith")
                .attribute("employeeId", "  E-00\u0301 ")
                .attribute("vendorId", "Ke\u0301vin-1")
                .build(), Optional.empty()));
        records.add(new UserRecord(NativeId.of("blank-attributes"), UserProfile.builder()
                .email(EmailAddress.of("\u212Aate@example.com"))
                .attribute("employeeId", "   ")
                .build(), Optional.empty()));
        return records;
    }
}

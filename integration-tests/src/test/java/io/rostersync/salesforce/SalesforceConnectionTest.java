package io.rostersync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.http.HttpSettings;
import io.rostersync.spi.AuthFailedException;
import io.rostersync.spi.InvalidConfigurationException;
import io.rostersync.http.Secret;
import io.rostersync.model.UserProfile;
import io.rostersync.spi.FailureKind;
import io.rostersync.spi.UserPage;
import io.rostersync.spi.UserPages;
import io.rostersync.emulators.salesforce.SalesforceEmulator;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SalesforceConnectionTest {

    private SalesforceEmulator org;

    @BeforeEach
    void start() {
        org = SalesforceEmulator.start();
        org.addUser(UserProfile.builder().email("ada@acme.example").lastName("Lovelace").build());
    }

    @AfterEach
    void stop() {
        org.close();
    }

    private static int countUsers(SalesforceUserDirectory dir) {
        int n = 0;
        try (UserPages pages = dir.readAll()) {
            for (Optional<UserPage> p = pages.next(); p.isPresent(); p = pages.next()) {
                n += p.get().users().size();
            }
        }
        return n;
    }

    @Test
    void clientCredentialsTokenLeadsToTheInstanceUrl() {
        SalesforceConnection c = Orgs.connection(org);

        assertThat(countUsers(Orgs.directory(c, org))).isEqualTo(1);
        assertThat(org.tokensIssued()).isEqualTo(1);
        assertThat(c.apiUsage()).isPresent();
    }

    @Test
    void jwtBearerFlowSignsAnAssertionTheOrgAccepts() throws NoSuchAlgorithmException {
        KeyPair keys = rsa();
        org.registerJwtClient("jwt-app", keys.getPublic(), "integration@acme.example");
        SalesforceConnection c = Orgs.connection(org, new Orgs.RecordingSleeper())
                .jwtBearer("jwt-app", "integration@acme.example", keys.getPrivate())
                .build();

        assertThat(countUsers(Orgs.directory(c, org))).isEqualTo(1);
        assertThat(c.toString()).doesNotContain(keys.getPrivate().toString()).contains("jwtBearer");
    }

    @Test
    void jwtSignedWithAnotherKeyIsRefusedAsAuthFailure() throws NoSuchAlgorithmException {
        org.registerJwtClient("jwt-app", rsa().getPublic(), "integration@acme.example");
        SalesforceConnection c = Orgs.connection(org, new Orgs.RecordingSleeper())
                .jwtBearer("jwt-app", "integration@acme.example", rsa().getPrivate())
                .build();

        assertThatThrownBy(() -> countUsers(Orgs.directory(c, org)))
                .isInstanceOfSatisfying(AuthFailedException.class, e -> assertThat(e.vendorCode()).contains("invalid_grant"));
    }

    @Test
    void wrongClientSecretIsAnAuthFailureThatNeverShowsTheSecret() {
        SalesforceConnection c = Orgs.connection(org, new Orgs.RecordingSleeper())
                .clientCredentials(org.clientId(), Secret.of("wrong-secret-value-42")).build();

        assertThatThrownBy(() -> countUsers(Orgs.directory(c, org)))
                .isInstanceOfSatisfying(AuthFailedException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.AUTH_FAILED);
                    assertThat(e.getMessage()).doesNotContain("wrong-secret-value-42");
                });
        assertThat(c.toString()).doesNotContain("wrong-secret-value-42");
    }

    @Test
    void expiredSessionGetsOneFreshTokenAndTheCallSucceeds() {
        SalesforceConnection c = Orgs.connection(org);
        SalesforceUserDirectory dir = Orgs.directory(c, org);
        countUsers(dir);
        org.expireTokens();

        assertThat(countUsers(dir)).isEqualTo(1);
        assertThat(org.tokensIssued()).isEqualTo(2);
    }

    @Test
    void instanceUrlOutsideSalesforceIsRefusedUnlessTrusted() {
        SalesforceConnection.Builder untrusted = SalesforceConnection.builder(org.myDomainUrl())
                .clientCredentials(org.clientId(), Secret.of(org.clientSecret()))
                .http(HttpSettings.builder().allowInsecureLoopback().build());

        assertThatThrownBy(untrusted::build).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("not a Salesforce host");
    }

    @Test
    void myDomainMustBeHttpsOnASalesforceHost() {
        assertThatThrownBy(() -> SalesforceConnection.builder(URI.create("http://acme.my.salesforce.com"))
                .clientCredentials("id", Secret.of("s3cret")).build()).isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> SalesforceConnection.builder(URI.create("https://acme.evil.example"))
                .clientCredentials("id", Secret.of("s3cret")).build()).isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> SalesforceConnection.builder(URI.create("https://acme.my.salesforce.com/services"))
                .clientCredentials("id", Secret.of("s3cret")).build()).isInstanceOf(InvalidConfigurationException.class);
        assertThat(SalesforceConnection.builder(URI.create("https://acme.my.salesforce.com"))
                .clientCredentials("id", Secret.of("s3cret")).build().apiVersion()).isEqualTo(SalesforceConnection.DEFAULT_API_VERSION);
    }

    @Test
    void noCredentialsAndBadVersionAreConfigurationErrors() {
        assertThatThrownBy(() -> SalesforceConnection.builder(URI.create("https://acme.my.salesforce.com")).build())
                .isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> SalesforceConnection.builder(URI.create("https://acme.my.salesforce.com"))
                .clientCredentials("id", Secret.of("s3cret")).apiVersion("v62").build())
                .isInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void usageFromSforceLimitInfoReachesTheListener() {
        List<ApiUsage> seen = new ArrayList<>();
        org.setDailyApiLimit(15_000);
        SalesforceConnection c = Orgs.connection(org, new Orgs.RecordingSleeper()).apiUsageListener(seen::add).build();

        countUsers(Orgs.directory(c, org));

        assertThat(seen).isNotEmpty();
        assertThat(seen.get(seen.size() - 1)).isEqualTo(new ApiUsage(org.dailyApiUsed(), 15_000));
        assertThat(c.refreshApiUsage().limit()).isEqualTo(15_000);
    }

    @Test
    void requestLimitExceededIsATypedRateLimitWithoutRetryAfter() {
        SalesforceConnection c = Orgs.connection(org);
        org.setDailyApiLimit(0);

        assertThatThrownBy(() -> countUsers(Orgs.directory(c, org)))
                .isInstanceOfSatisfying(SalesforceLimitException.class, e -> {
                    assertThat(e.kind()).isEqualTo(FailureKind.RATE_LIMITED);
                    assertThat(e.reason()).isEqualTo(SalesforceLimitException.Reason.REQUEST_LIMIT_EXCEEDED);
                    assertThat(e.retryAfter()).isEmpty();
                });
    }

    @Test
    void budgetFloorStopsCallingBeforeTheLimitIsReached() {
        org.setDailyApiLimit(10);
        SalesforceConnection c = Orgs.connection(org, new Orgs.RecordingSleeper()).dailyApiFloor(5).build();
        SalesforceUserDirectory dir = Orgs.directory(c, org);

        assertThatThrownBy(() -> {
            for (int i = 0; i < 10; i++) {
                countUsers(dir);
            }
        }).isInstanceOfSatisfying(SalesforceLimitException.class,
                e -> assertThat(e.reason()).isEqualTo(SalesforceLimitException.Reason.BUDGET_FLOOR_REACHED));
        assertThat(org.dailyApiUsed()).isLessThanOrEqualTo(10 - 5 + 1);
    }

    private static KeyPair rsa() throws NoSuchAlgorithmException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }
}

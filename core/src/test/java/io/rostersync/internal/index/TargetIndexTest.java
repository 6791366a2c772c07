package io.rostersync.internal.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.model.NativeId;
import io.rostersync.model.UserProfile;
import io.rostersync.model.UserRecord;
import io.rostersync.policy.IdentityMatchers;
import io.rostersync.spi.Link;
import io.rostersync.spi.Links;
import io.rostersync.spi.MatchKey;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetIndexTest {

    private static final MatchKey EMAIL = IdentityMatchers.emailKey();

    private static UserRecord user(String id, String email) {
        return UserRecord.of(id, UserProfile.builder().email(email).build());
    }

    private static TargetIndex index(List<Link> links, UserRecord... targets) {
        TargetIndex index = new TargetIndex(Links.of(links), List.of(EMAIL));
        index.addTargets(List.of(targets));
        return index;
    }

    private static Link link(String s, String t) {
        return Link.of(NativeId.of(s), NativeId.of(t));
    }

    @Test
    void aTargetAccountReadTwiceIsIndexedOnceFirstCopyStanding() {
        TargetIndex index = index(List.of(), user("t1", "ann@example.com"), user("t1", "other@example.com"));

        assertThat(index.size()).isEqualTo(1);
        assertThat(index.candidates(EMAIL, "ann@example.com")).extracting(UserRecord::id).containsExactly(NativeId.of("t1"));
        assertThat(index.candidates(EMAIL, "other@example.com")).isEmpty();
    }

    @Test
    void aLargePageIsIndexedAsAccountByAccountWithRepeatsAcrossItsBlocksSkipped() {
        // The read goes in blocks of a few hundred accounts: repeats within a block and across blocks, linked
        // and unlinked accounts and accounts without a value must come out as one at a time would have it.
        List<Link> links = new ArrayList<>();
        List<UserRecord> page = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            if (i % 3 == 0) {
                links.add(link("s" + i, "t" + i));
            }
            page.add(i % 7 == 0 ? UserRecord.of("t" + i, UserProfile.builder().build()) : user("t" + i, "u" + i + "@example.com"));
        }
        for (int i = 0; i < 1_000; i += 5) {
            page.add(user("t" + i, "copy" + i + "@example.com")); // repeated later in the read: the first copy stands
        }
        page.add(100, user("t101", "early-copy@example.com")); // repeated within the same block
        TargetIndex index = new TargetIndex(Links.of(links), List.of(EMAIL));
        index.addTargets(page);

        assertThat(index.size()).isEqualTo(1_000);
        assertThat(index.linkedCount()).isEqualTo(334);
        for (int i = 0; i < 1_000; i++) {
            String value = "u" + i + "@example.com";
            assertThat(index.candidates(EMAIL, value)).extracting(u -> u.id().value())
                    .as(value).isEqualTo(i % 7 == 0 || i == 101 ? List.of() : List.of("t" + i));
            assertThat(index.candidates(EMAIL, "copy" + i + "@example.com")).isEmpty();
        }
        assertThat(index.candidates(EMAIL, "early-copy@example.com")).extracting(u -> u.id().value()).containsExactly("t101");
        TargetIndex.SourcePage sources = index.lookUp(List.of(user("s3", "u3@example.com"), user("s4", "u4@example.com")));
        assertThat(sources.linkedTarget(0)).extracting(u -> u.id().value()).isEqualTo("t3");
        assertThat(sources.link(1)).isNull();
    }

    @Test
    void candidatesOfASharedValueComeInIdOrderAndAnUndeclaredKeyIsRefused() {
        TargetIndex index = index(List.of(), user("t2", "desk@example.com"), user("t1", "desk@example.com"));

        assertThat(index.candidates(EMAIL, "desk@example.com")).extracting(u -> u.id().value()).containsExactly("t1", "t2");
        assertThatThrownBy(() -> index.candidates(IdentityMatchers.usernameKey(), "desk"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("did not declare");
    }

    @Test
    void aSourceUserIsSeenOnceWhetherLinkedOrNot() {
        TargetIndex index = index(List.of(link("s1", "t1")), user("t1", "ann@example.com"));
        TargetIndex.SourcePage page = index.lookUp(List.of(user("s1", "ann@example.com"), user("s1", "ann@example.com"),
                user("s9", "new@example.com"), user("s9", "new@example.com")));

        assertThat(page.linkedTarget(0)).extracting(UserRecord::id).isEqualTo(NativeId.of("t1"));
        assertThat(page.linkedTarget(2)).isNull();
        assertThat(List.of(page.markSeen(0), page.markSeen(1), page.markSeen(2), page.markSeen(3)))
                .containsExactly(true, false, true, false);
        assertThat(index.unseenLinkedTargets()).isEmpty();
    }

    @Test
    void aLinkedAccountWhoseSourceUserIsNotReadIsUnseen() {
        TargetIndex index = index(List.of(link("s1", "t1"), link("s2", "t2")), user("t1", "a@example.com"), user("t2", "b@example.com"));
        index.markSeen(NativeId.of("s2"));

        assertThat(index.unseenLinkedTargets()).extracting(l -> l.link().sourceId().value()).containsExactly("s1");
    }

    @Test
    void aValueHeldByAnUnlinkedUserAndALinkedUsersOwnValueIsShared() {
        TargetIndex index = index(List.of(link("s1", "t1")), user("t1", "ann@example.com"), user("t2", "solo@example.com"));
        TargetIndex.SourcePage page = index.lookUp(List.of(user("s1", "ann@example.com"), user("s2", "ann@example.com"),
                user("s3", "solo@example.com")));
        for (int i = 0; i < 3; i++) {
            page.registerKeys(i);
        }

        assertThat(index.sharedValues(0)).singleElement().satisfies(v -> {
            assertThat(v.value()).isEqualTo("ann@example.com");
            assertThat(v.holders()).extracting(NativeId::value).containsExactly("s2", "s1");
        });
    }

    @Test
    void questionsAskedBeforeTheSourcePassReadsTheLinkedAccountsValuesSeeEveryAccount() {
        TargetIndex index = index(List.of(link("s1", "t1"), link("s2", "t2")), user("t1", "ann@example.com"),
                user("t2", "bob@example.com"), user("t3", "ann@example.com"));

        assertThat(index.candidates(EMAIL, "ann@example.com")).extracting(u -> u.id().value()).containsExactly("t1", "t3");
        assertThat(index.candidates(EMAIL, "bob@example.com")).extracting(u -> u.id().value()).containsExactly("t2");
        TargetIndex.SourcePage page = index.lookUp(List.of(user("s2", "bob@example.com"), user("s1", "bob@example.com")));
        page.registerKeys(0);
        page.registerKeys(1);

        assertThat(index.sharedValues(0)).singleElement().satisfies(v -> {
            assertThat(v.value()).isEqualTo("bob@example.com");
            assertThat(v.holders()).extracting(NativeId::value).containsExactly("s1", "s2");
        });
    }

    @Test
    void valuesOfAccountsTheSourcePassReadAndOfThoseItDidNotAreIndexedAlike() {
        TargetIndex index = index(List.of(link("s1", "t1"), link("s2", "t2"), link("s3", "t3")),
                user("t1", "\u212Aim@example.com"), user("t2", "ann@example.com"), user("t3", "\uFF4Bim@example.com"),
                user("t4", "ann@example.com"));
        TargetIndex.SourcePage page = index.lookUp(List.of(user("s3", "kim@example.com"), user("s9", "ann@example.com")));
        page.registerKeys(0);
        page.registerKeys(1);

        assertThat(index.candidates(EMAIL, "ann@example.com")).extracting(u -> u.id().value()).containsExactly("t2", "t4");
        assertThat(index.lookalikeTwins(0, "kim@example.com")).extracting(t -> t.target().id().value())
                .containsExactly("t1", "t3"); // in read order, whichever was read first
        assertThat(index.sharedValues(0)).isEmpty();
    }

    @Test
    void lookalikeTwinsAreAccountsWhoseValueLooksLikeButIsNotTheSourceValue() {
        TargetIndex index = index(List.of(), user("t1", "kim@example.com"), user("t2", "other@example.com"));

        assertThat(index.lookalikeTwins(0, "\u212Aim@example.com")).extracting(t -> t.target().id().value() + " " + t.value())
                .containsExactly("t1 kim@example.com");
        assertThat(index.lookalikeTwins(0, "kim@example.com")).isEmpty();
    }

    @Test
    void onlyUnlinkedAccountsNoSourceUserReferredToAreUnreferenced() {
        TargetIndex index = index(List.of(link("s1", "t1")), user("t1", "a@example.com"), user("t2", "b@example.com"),
                user("t3", "c@example.com"));
        index.markReferenced(NativeId.of("t2"));

        assertThat(index.unreferencedUnlinkedTargets()).extracting(u -> u.id().value()).containsExactly("t3");
    }
}

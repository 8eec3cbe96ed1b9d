package io.github.wxminiauth.token;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.wxminiauth.test.MutableClock;
import io.github.wxminiauth.token.RotationResult.Outcome;
import io.github.wxminiauth.user.WxPrincipal;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link RefreshTokenStore} does, proved once against each: a subclass per store hands
 * its store and its clock. Session ids and token hashes are made as {@link WxTokenService} makes
 * them, starting with the user's {@link UserTag}.
 */
public abstract class RefreshTokenStoreContractTests {

	/**
	 * The store under test.
	 * @return the store
	 */
	protected abstract RefreshTokenStore store();

	/**
	 * The clock the store decides expiry by.
	 * @return the clock
	 */
	protected abstract MutableClock clock();

	/**
	 * A session id or token hash of a user of app {@code wx-app}, as the token service makes them.
	 * @param openid the user
	 * @param name what follows the tag
	 * @return the id or hash
	 */
	protected static String tagged(String openid, String name) {
		return tagged("wx-app", openid, name);
	}

	/**
	 * A session id or token hash of a user, as the token service makes them.
	 * @param appId the user's app
	 * @param openid the user
	 * @param name what follows the tag
	 * @return the id or hash
	 */
	protected static String tagged(String appId, String openid, String name) {
		return UserTag.of(appId, openid) + UserTag.SEPARATOR + name;
	}

	@Test
	protected void aTokenRotatesOnceAndItsReplacementNextInTheSameSession() {
		WxPrincipal session = new WxPrincipal("wx-app", "openid-once", "unionid-once", tagged("openid-once", "sid"));
		store().save(tagged("openid-once", "h1"), session, clock().instant().plus(Duration.ofDays(30)));

		assertThat(rotate("openid-once", "h1", "h2")).isEqualTo(RotationResult.rotated(session));
		assertThat(rotate("openid-once", "h2", "h3")).isEqualTo(RotationResult.rotated(session));
		assertThat(rotate("openid-once", "h1", "h4").outcome()).as("spent").isEqualTo(Outcome.REUSED);
		assertThat(store().isSessionRevoked(session.sessionId())).isTrue();
		assertThat(rotate("openid-once", "h3", "h5").outcome()).as("the descendant").isEqualTo(Outcome.REVOKED);
		assertThat(rotate("openid-once", "never-issued", "h6").outcome()).isEqualTo(Outcome.UNKNOWN);
	}

	@Test
	protected void theReplacementExpiresWhenTheCallerSays() {
		Instant start = clock().instant();
		WxPrincipal shop = new WxPrincipal("wx-shop", "openid-1", null, tagged("wx-shop", "openid-1", "sid-shop"));
		WxPrincipal game = new WxPrincipal("wx-game", "openid-1", null, tagged("wx-game", "openid-1", "sid-game"));
		store().save(tagged("wx-shop", "openid-1", "shop-1"), shop, start.plus(Duration.ofDays(30)));
		store().save(tagged("wx-game", "openid-1", "game-1"), game, start.plus(Duration.ofDays(30)));

		assertThat(store().rotate(tagged("wx-shop", "openid-1", "shop-1"), tagged("wx-shop", "openid-1", "shop-2"),
				start, start.plus(Duration.ofDays(7)), start.plus(Duration.ofDays(30)))
			.outcome()).isEqualTo(Outcome.ROTATED);
		assertThat(store().rotate(tagged("wx-game", "openid-1", "game-1"), tagged("wx-game", "openid-1", "game-2"),
				start, start.plus(Duration.ofHours(12)), start.plus(Duration.ofDays(30)))
			.outcome()).isEqualTo(Outcome.ROTATED);
		assertThat(store().liveSessions("wx-shop", "openid-1")).singleElement()
			.satisfies((info) -> assertThat(info.expiresAt()).isEqualTo(start.plus(Duration.ofDays(7))));
		assertThat(store().liveSessions("wx-game", "openid-1")).singleElement()
			.satisfies((info) -> assertThat(info.expiresAt()).isEqualTo(start.plus(Duration.ofHours(12))));

		clock().advance(Duration.ofHours(12));
		Instant now = clock().instant();
		assertThat(store().rotate(tagged("wx-game", "openid-1", "game-2"), tagged("wx-game", "openid-1", "game-3"), now,
				now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)))
			.outcome()).isEqualTo(Outcome.EXPIRED);
		assertThat(store().rotate(tagged("wx-shop", "openid-1", "shop-2"), tagged("wx-shop", "openid-1", "shop-3"), now,
				now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)))
			.outcome()).isEqualTo(Outcome.ROTATED);
	}

	@Test
	protected void theSessionListShowsAUsersLiveSessionsNewestFirstWithTheirDeviceAndLastRefresh() {
		WxPrincipal phone = new WxPrincipal("wx-app", "openid-list", null, tagged("openid-list", "sid-phone"));
		WxPrincipal tablet = new WxPrincipal("wx-app", "openid-list", null, tagged("openid-list", "sid-tablet"));
		WxPrincipal gone = new WxPrincipal("wx-app", "openid-list", null, tagged("openid-list", "sid-gone"));
		WxPrincipal someoneElse = new WxPrincipal("wx-app", "openid-other", null, tagged("openid-other", "sid-other"));
		Instant created = clock().instant();
		store().save(tagged("openid-list", "hash-phone"), phone, created.plus(Duration.ofDays(30)), "iPhone 15", 0,
				created);
		clock().advance(Duration.ofMinutes(1));
		Instant later = clock().instant().plus(Duration.ofDays(30));
		store().save(tagged("openid-list", "hash-tablet"), tablet, later);
		store().save(tagged("openid-list", "hash-gone"), gone, later, "old phone", 0, created);
		store().save(tagged("openid-other", "hash-other"), someoneElse, later);
		store().revokeSession(gone.sessionId(), later);
		clock().advance(Duration.ofMinutes(1));
		Instant refreshed = clock().instant();
		assertThat(store().rotate(tagged("openid-list", "hash-phone"), tagged("openid-list", "hash-phone-2"), refreshed,
				refreshed.plus(Duration.ofDays(30)), refreshed.plus(Duration.ofDays(30)))
			.isRotated()).isTrue();

		List<WxSessionInfo> sessions = store().liveSessions("wx-app", "openid-list");
		assertThat(sessions).extracting(WxSessionInfo::sessionId)
			.containsExactly(tablet.sessionId(), phone.sessionId());
		WxSessionInfo first = sessions.get(1);
		assertThat(first.device()).isEqualTo("iPhone 15");
		assertThat(first.createdAt()).isEqualTo(created);
		assertThat(first.refreshedAt()).isEqualTo(refreshed);
		assertThat(first.expiresAt()).isEqualTo(refreshed.plus(Duration.ofDays(30)));
		assertThat(sessions.get(0).device()).isNull();
		assertThat(sessions.get(0).refreshedAt()).isNull();
		assertThat(store().liveSessions("wx-app", "openid-nobody")).isEmpty();
		assertThat(store().liveSessions("wx-other-app", "openid-list")).isEmpty();
	}

	@Test
	protected void aLoginBeyondTheMostSessionsPerUserRevokesTheUsersOldestSessions() {
		Instant until = clock().instant().plus(Duration.ofDays(30));
		List<String> revoked = new ArrayList<>();
		for (int i = 1; i <= 5; i++) {
			WxPrincipal session = new WxPrincipal("wx-app", "openid-limited", null,
					tagged("openid-limited", "sid-limited-" + i));
			revoked.addAll(store().save(tagged("openid-limited", "hash-limited-" + i), session, until, null, 3, until));
			clock().advance(Duration.ofSeconds(1));
		}
		store().save(tagged("openid-free", "hash-unlimited"),
				new WxPrincipal("wx-app", "openid-free", null, tagged("openid-free", "sid-free")), until, null, 3, until);

		assertThat(revoked).containsExactly(tagged("openid-limited", "sid-limited-1"),
				tagged("openid-limited", "sid-limited-2"));
		assertThat(store().isSessionRevoked(tagged("openid-limited", "sid-limited-1"))).isTrue();
		assertThat(store().isSessionRevoked(tagged("openid-limited", "sid-limited-2"))).isTrue();
		assertThat(store().liveSessions("wx-app", "openid-limited")).extracting(WxSessionInfo::sessionId)
			.containsExactly(tagged("openid-limited", "sid-limited-5"), tagged("openid-limited", "sid-limited-4"),
					tagged("openid-limited", "sid-limited-3"));
		assertThat(store().liveSessions("wx-app", "openid-free")).hasSize(1);
		Instant now = clock().instant();
		assertThat(store().rotate(tagged("openid-limited", "hash-limited-1"), tagged("openid-limited", "x"), now, until,
				until)
			.outcome()).isEqualTo(Outcome.REVOKED);
	}

	@Test
	protected void theSameOpenidInTwoAppsHasTwoSessionListsAndTwoLimits() {
		Instant until = clock().instant().plus(Duration.ofDays(30));
		WxPrincipal inA = new WxPrincipal("wx-app", "openid-twice", null, tagged("openid-twice", "sid-in-a"));
		WxPrincipal inB = new WxPrincipal("wx-app-b", "openid-twice", null,
				tagged("wx-app-b", "openid-twice", "sid-in-b"));
		WxPrincipal againInB = new WxPrincipal("wx-app-b", "openid-twice", null,
				tagged("wx-app-b", "openid-twice", "sid-in-b-2"));
		store().save(tagged("openid-twice", "hash-in-a"), inA, until, null, 1, until);
		clock().advance(Duration.ofSeconds(1));
		assertThat(store().save(tagged("wx-app-b", "openid-twice", "hash-in-b"), inB, until, null, 1, until)).isEmpty();
		clock().advance(Duration.ofSeconds(1));
		assertThat(store().save(tagged("wx-app-b", "openid-twice", "hash-in-b-2"), againInB, until, null, 1, until))
			.containsExactly(inB.sessionId());

		assertThat(store().liveSessions("wx-app", "openid-twice")).extracting(WxSessionInfo::sessionId)
			.containsExactly(inA.sessionId());
		assertThat(store().liveSessions("wx-app-b", "openid-twice")).extracting(WxSessionInfo::sessionId)
			.containsExactly(againInB.sessionId());
		assertThat(store().isSessionRevoked(inA.sessionId())).isFalse();
	}

	@Test
	protected void aSessionWhoseRefreshTokenExpiredIsNotListed() {
		WxPrincipal session = new WxPrincipal("wx-app", "openid-expiring", null,
				tagged("openid-expiring", "sid-expiring"));
		store().save(tagged("openid-expiring", "hash-expiring"), session, clock().instant().plus(Duration.ofMinutes(5)));
		assertThat(store().liveSessions("wx-app", "openid-expiring")).hasSize(1);
		clock().advance(Duration.ofMinutes(5));
		assertThat(store().liveSessions("wx-app", "openid-expiring")).isEmpty();
	}

	private RotationResult rotate(String openid, String presented, String replacement) {
		Instant now = clock().instant();
		return store().rotate(tagged(openid, presented), tagged(openid, replacement), now,
				now.plus(Duration.ofDays(30)), now.plus(Duration.ofDays(30)));
	}

}

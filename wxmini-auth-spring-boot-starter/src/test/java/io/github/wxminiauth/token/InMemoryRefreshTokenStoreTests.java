package io.github.wxminiauth.token;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.wxminiauth.token.RotationResult.Outcome;
import io.github.wxminiauth.user.WxPrincipal;
import io.github.wxminiauth.test.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link InMemoryRefreshTokenStore}: what every store does (the contract), and what this one does
 * with memory.
 */
class InMemoryRefreshTokenStoreTests extends RefreshTokenStoreContractTests {

	private static final Instant START = Instant.parse("2025-05-01T08:00:00Z");

	private static final WxPrincipal SESSION = new WxPrincipal("wx123", "o-openid", null, "sid-1");

	private final MutableClock clock = new MutableClock(START);

	private final InMemoryRefreshTokenStore store = new InMemoryRefreshTokenStore(this.clock);

	@Override
	protected RefreshTokenStore store() {
		return this.store;
	}

	@Override
	protected MutableClock clock() {
		return this.clock;
	}

	private RotationResult rotate(String presented, String replacement) {
		Instant now = this.clock.instant();
		return this.store.rotate(presented, replacement, now, now.plus(Duration.ofDays(30)),
				now.plus(Duration.ofDays(30)));
	}

	@Test
	void rotateRedeemsATokenAndStoresItsReplacementInTheSameSession() {
		this.store.save("h1", SESSION, START.plus(Duration.ofDays(30)));
		RotationResult first = rotate("h1", "h2");
		assertThat(first.outcome()).isEqualTo(Outcome.ROTATED);
		assertThat(first.session()).isEqualTo(SESSION);
		RotationResult second = rotate("h2", "h3");
		assertThat(second.outcome()).isEqualTo(Outcome.ROTATED);
		assertThat(second.session()).isEqualTo(SESSION);
	}

	@Test
	void rotateOfAnUnknownTokenAnswersUnknown() {
		assertThat(rotate("nope", "h2").outcome()).isEqualTo(Outcome.UNKNOWN);
		assertThat(rotate("h2", "h3").outcome()).isEqualTo(Outcome.UNKNOWN);
	}

	@Test
	void rotateOfASpentTokenAnswersReusedAndRevokesTheSession() {
		this.store.save("h1", SESSION, START.plus(Duration.ofDays(30)));
		rotate("h1", "h2");
		assertThat(this.store.isSessionRevoked("sid-1")).isFalse();
		assertThat(rotate("h1", "h3").outcome()).isEqualTo(Outcome.REUSED);
		assertThat(this.store.isSessionRevoked("sid-1")).isTrue();
		assertThat(rotate("h2", "h4").outcome()).isEqualTo(Outcome.REVOKED);
		assertThat(rotate("h3", "h5").outcome()).isEqualTo(Outcome.UNKNOWN);
	}

	@Test
	void reuseRevokesTheSessionUntilTheGivenInstant() {
		this.store.save("h1", SESSION, START.plus(Duration.ofDays(30)));
		rotate("h1", "h2");
		this.store.rotate("h1", "h3", START, START.plus(Duration.ofDays(30)), START.plus(Duration.ofDays(31)));
		this.clock.advance(Duration.ofDays(31).minusSeconds(1));
		assertThat(this.store.isSessionRevoked("sid-1")).isTrue();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.store.isSessionRevoked("sid-1")).isFalse();
	}

	@Test
	void rotateOfAnExpiredTokenAnswersExpired() {
		this.store.save("h1", SESSION, START.plus(Duration.ofMinutes(5)));
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(rotate("h1", "h2").outcome()).isEqualTo(Outcome.EXPIRED);
		assertThat(rotate("h2", "h3").outcome()).isEqualTo(Outcome.UNKNOWN);
	}

	@Test
	void rotateOfATokenOfARevokedSessionAnswersRevoked() {
		this.store.save("h1", SESSION, START.plus(Duration.ofDays(30)));
		this.store.revokeSession("sid-1", START.plus(Duration.ofDays(30)));
		assertThat(rotate("h1", "h2").outcome()).isEqualTo(Outcome.REVOKED);
		assertThat(rotate("h2", "h3").outcome()).isEqualTo(Outcome.UNKNOWN);
	}

	@Test
	void revokedSessionIsNoLongerRevokedAfterItsUntil() {
		this.store.revokeSession("sid-1", START.plus(Duration.ofHours(1)));
		assertThat(this.store.isSessionRevoked("sid-1")).isTrue();
		assertThat(this.store.isSessionRevoked("sid-2")).isFalse();
		this.clock.advance(Duration.ofHours(1));
		assertThat(this.store.isSessionRevoked("sid-1")).isFalse();
	}

	@Test
	void aShorterRevocationDoesNotShortenALongerOne() {
		this.store.revokeSession("sid-1", START.plus(Duration.ofDays(30)));
		this.store.revokeSession("sid-1", START.plus(Duration.ofHours(1)));
		this.clock.advance(Duration.ofDays(1));
		assertThat(this.store.isSessionRevoked("sid-1")).isTrue();
	}

	@Test
	void concurrentRotationsOfOneTokenLetExactlyOneWin() throws Exception {
		this.store.save("h1", SESSION, START.plus(Duration.ofDays(30)));
		int threads = 16;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch ready = new CountDownLatch(threads);
			CountDownLatch go = new CountDownLatch(1);
			List<Future<RotationResult>> futures = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				String replacement = "r" + i;
				futures.add(executor.submit(() -> {
					ready.countDown();
					go.await();
					return rotate("h1", replacement);
				}));
			}
			ready.await();
			go.countDown();
			List<Outcome> outcomes = new ArrayList<>();
			for (Future<RotationResult> future : futures) {
				outcomes.add(future.get().outcome());
			}
			assertThat(outcomes).filteredOn((outcome) -> outcome == Outcome.ROTATED).hasSize(1);
			assertThat(outcomes).filteredOn((outcome) -> outcome != Outcome.ROTATED).hasSize(threads - 1);
		}
		finally {
			executor.shutdownNow();
		}
	}

	@Test
	void expiredTokensAndRevocationsAreForgottenSoMemoryStaysBounded() {
		InMemoryRefreshTokenStore store = new InMemoryRefreshTokenStore(this.clock,
				InMemoryRefreshTokenStore.DEFAULT_MAX_TOKENS, 8);
		for (int i = 0; i < 6; i++) {
			store.save("old" + i, new WxPrincipal("wx123", "o" + i, null, "s" + i), START.plus(Duration.ofMinutes(5)));
		}
		store.revokeSession("s0", START.plus(Duration.ofMinutes(5)));
		assertThat(store.tokenCount()).isEqualTo(6);
		assertThat(store.revokedSessionCount()).isEqualTo(1);
		this.clock.advance(Duration.ofMinutes(10));
		for (int i = 0; i < 8; i++) {
			store.save("new" + i, SESSION, this.clock.instant().plus(Duration.ofDays(30)));
		}
		assertThat(store.tokenCount()).isLessThanOrEqualTo(8);
		assertThat(store.revokedSessionCount()).isZero();
		Instant now = this.clock.instant();
		assertThat(store.rotate("old0", "x", now, now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(1))).outcome())
			.isEqualTo(Outcome.UNKNOWN);
	}

	@Test
	void aRevocationIsRememberedOnlyWhileAccessTokensCanCarryItAndTheSessionStaysDead() {
		InMemoryRefreshTokenStore store = new InMemoryRefreshTokenStore(this.clock,
				InMemoryRefreshTokenStore.DEFAULT_MAX_TOKENS, 8);
		store.setRevocationRetention(Duration.ofHours(2));
		for (int i = 0; i < 1000; i++) {
			WxPrincipal session = new WxPrincipal("wx123", "o" + i, null, "logged-out-" + i);
			store.save("live" + i, session, START.plus(Duration.ofDays(30)));
			store.revokeSession(session.sessionId(), START.plus(Duration.ofDays(30)));
		}
		assertThat(store.isSessionRevoked("logged-out-7")).isTrue();
		this.clock.advance(Duration.ofHours(2).plusMinutes(1));
		// Purges are amortized over as many writes as the store holds: a few thousand logins later.
		for (int i = 0; i < 4000; i++) {
			store.save("after" + i, SESSION, this.clock.instant().plus(Duration.ofDays(30)));
		}
		assertThat(store.revokedSessionCount()).as("revocations older than an access-token lifetime").isZero();
		Instant now = this.clock.instant();
		assertThat(store.rotate("live7", "x", now, now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)))
			.isRotated()).as("the revoked session's refresh token went with the revocation").isFalse();
	}

	@Test
	void aSessionRevokedForReuseLosesItsLiveTokenToo() {
		this.store.setRevocationRetention(Duration.ofHours(2));
		this.store.save("first", SESSION, START.plus(Duration.ofDays(30)));
		assertThat(rotate("first", "second").isRotated()).isTrue();
		assertThat(rotate("first", "third").outcome()).isEqualTo(Outcome.REUSED);
		this.clock.advance(Duration.ofHours(3));
		assertThat(this.store.isSessionRevoked(SESSION.sessionId())).isFalse();
		assertThat(rotate("second", "fourth").isRotated()).isFalse();
	}

	@Test
	void spentTokensOutliveAPurgeUntilTheyExpireSoReuseIsStillDetected() {
		InMemoryRefreshTokenStore store = new InMemoryRefreshTokenStore(this.clock,
				InMemoryRefreshTokenStore.DEFAULT_MAX_TOKENS, 2);
		Instant now = this.clock.instant();
		Instant expiry = now.plus(Duration.ofDays(30));
		store.save("h1", SESSION, expiry);
		assertThat(store.rotate("h1", "h2", now, expiry, expiry).outcome()).isEqualTo(Outcome.ROTATED);
		this.clock.advance(Duration.ofDays(1));
		for (int i = 0; i < 10; i++) {
			store.save("other" + i, new WxPrincipal("wx123", "o" + i, null, "s" + i), this.clock.instant());
		}
		now = this.clock.instant();
		assertThat(store.rotate("h1", "h3", now, expiry, expiry).outcome()).isEqualTo(Outcome.REUSED);
		assertThat(store.isSessionRevoked("sid-1")).isTrue();
	}

	@Test
	void beyondItsMaximumTheStoreForgetsTheOldestTokensAtOnce() {
		InMemoryRefreshTokenStore store = new InMemoryRefreshTokenStore(this.clock, 16);
		for (int i = 0; i < 1000; i++) {
			// Logins a second apart: token i expires i seconds after token 0.
			store.save("t" + i, new WxPrincipal("wx123", "o" + i, null, "s" + i),
					START.plus(Duration.ofDays(30)).plusSeconds(i));
			assertThat(store.tokenCount()).isLessThanOrEqualTo(16);
		}
		Instant now = this.clock.instant();
		Instant later = now.plus(Duration.ofDays(30));
		assertThat(store.rotate("t999", "n999", now, later, later).outcome()).isEqualTo(Outcome.ROTATED);
		assertThat(store.rotate("t985", "n985", now, later, later).outcome()).isEqualTo(Outcome.ROTATED);
		assertThat(store.rotate("t983", "n983", now, later, later).outcome()).isEqualTo(Outcome.UNKNOWN);
		assertThat(store.rotate("t0", "n0", now, later, later).outcome()).isEqualTo(Outcome.UNKNOWN);
		assertThat(store.rotate("t500", "n500", now, later, later).outcome()).isEqualTo(Outcome.UNKNOWN);
	}

	@Test
	void aSessionWhoseTokenTheBoundForgotIsNoLongerListed() {
		InMemoryRefreshTokenStore store = new InMemoryRefreshTokenStore(this.clock, 2);
		Instant expiry = START.plus(Duration.ofDays(30));
		store.save("first", new WxPrincipal("wx123", "o-bounded", null, "s-first"), expiry);
		this.clock.advance(Duration.ofSeconds(1));
		store.save("second", new WxPrincipal("wx123", "o-bounded", null, "s-second"), expiry);
		this.clock.advance(Duration.ofSeconds(1));
		store.save("third", new WxPrincipal("wx123", "o-bounded", null, "s-third"), expiry);
		assertThat(store.liveSessions("wx123", "o-bounded")).extracting(WxSessionInfo::sessionId)
			.containsExactly("s-third", "s-second");
	}

	@Test
	void toStringShowsNoTokenHash() {
		this.store.save("secret-hash", SESSION, START.plus(Duration.ofDays(30)));
		assertThat(this.store.toString()).doesNotContain("secret-hash");
	}

}

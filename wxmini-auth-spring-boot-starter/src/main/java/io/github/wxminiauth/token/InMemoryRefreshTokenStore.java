package io.github.wxminiauth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.github.wxminiauth.token.RotationResult.Outcome;
import io.github.wxminiauth.user.WxPrincipal;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A {@link RefreshTokenStore} in the memory of one process: for a single instance, or for tests.
 * Several instances need a shared store, or a logout on one would not be seen by the others.
 * <p>
 * Spent tokens are remembered until they expire, so that presenting one again is recognised as
 * reuse. Expired tokens and revocations that ran out are forgotten now and then. Every login starts
 * a session whose refresh token lives for weeks, so the store also keeps at most a maximum number
 * of tokens (some 400 bytes each): beyond it, the oldest tokens are forgotten, at once and
 * in constant time, and their users log in again with {@code wx.login}. Without the bound a busy
 * instance would hold every login of the last month in its heap.
 * <p>
 * A revoked session's live refresh token is forgotten together with its revocation, so the
 * revocation needs to be remembered only as long as the session's access tokens may still be
 * presented: with a
 * {@link #setRevocationRetention(Duration) retention} set (the access-token lifetime plus the
 * clock skew), memory holds the revocations of one access-token lifetime, not of a month.
 *
 * @since 0.1.0
 */
public final class InMemoryRefreshTokenStore implements RefreshTokenStore {

	/**
	 * Default most refresh tokens kept: some 40 MB of heap.
	 */
	public static final int DEFAULT_MAX_TOKENS = 100_000;

	private static final int DEFAULT_MIN_PURGE_INTERVAL = 1024;

	/**
	 * Every remembered refresh token, by its hash: a session stands for its own unspent token, so
	 * a live session costs no token object of its own.
	 */
	private final ConcurrentMap<String, StoredToken> tokens = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, Instant> revokedSessions = new ConcurrentHashMap<>();

	/** Each session whose one unspent refresh token is remembered, revoked ones included. */
	private final ConcurrentMap<String, Session> sessions = new ConcurrentHashMap<>();

	/** Before when each user's access tokens are stale, and until when that matters. */
	private final ConcurrentMap<String, Instant[]> staleUsers = new ConcurrentHashMap<>();

	/**
	 * The sessions of each user that are neither revoked nor forgotten, by openid (the principal's
	 * own string, so that no key is built per login), of every app: an openid is an app's own, so
	 * one of two apps is filtered out only in theory. A small array, replaced on change, costs a
	 * session one reference where a set per user cost a map.
	 */
	private final ConcurrentMap<String, Session[]> sessionsByUser = new ConcurrentHashMap<>();

	private volatile @Nullable Duration revocationRetention;

	/**
	 * Token hashes in the order they were stored: the head is the oldest, the first to forget
	 * beyond the maximum. Hashes of tokens gone already are dropped at the next purge. A circular
	 * array under its own lock: a reference per token, where a linked queue cost a node.
	 */
	private final ArrayDeque<String> arrivals = new ArrayDeque<>();

	private final Clock clock;

	private final int maxTokens;

	private final int minPurgeInterval;

	private final AtomicLong writesSincePurge = new AtomicLong();

	private final AtomicBoolean purging = new AtomicBoolean();

	private volatile long purgeInterval;

	/**
	 * Creates an empty store.
	 * @param clock the clock that decides when stored entries may be forgotten
	 */
	public InMemoryRefreshTokenStore(Clock clock) {
		this(clock, DEFAULT_MAX_TOKENS);
	}

	/**
	 * Creates an empty store that keeps at most {@code maxTokens} refresh tokens.
	 * @param clock the clock that decides when stored entries may be forgotten
	 * @param maxTokens the most tokens kept; beyond it the oldest are forgotten
	 * @since 0.2.0
	 */
	public InMemoryRefreshTokenStore(Clock clock, int maxTokens) {
		this(clock, maxTokens, DEFAULT_MIN_PURGE_INTERVAL);
	}

	InMemoryRefreshTokenStore(Clock clock, int maxTokens, int minPurgeInterval) {
		Assert.notNull(clock, "clock must not be null");
		Assert.isTrue(maxTokens > 0, "maxTokens must be positive");
		Assert.isTrue(minPurgeInterval > 0, "minPurgeInterval must be positive");
		this.clock = clock;
		this.maxTokens = maxTokens;
		this.minPurgeInterval = minPurgeInterval;
		this.purgeInterval = minPurgeInterval;
	}

	/**
	 * Sets how long a revocation matters to access tokens: the access-token lifetime plus the
	 * clock skew. By default a revocation is kept until the instant it is revoked until.
	 * @param retention the access-token lifetime plus the clock skew
	 * @since 0.2.0
	 */
	public void setRevocationRetention(Duration retention) {
		Assert.isTrue(retention != null && !retention.isNegative() && !retention.isZero(),
				"retention must be positive");
		this.revocationRetention = retention;
	}

	@Override
	public List<String> save(String tokenHash, WxPrincipal session, Instant expiresAt, @Nullable String device,
			int maxSessionsPerUser, Instant revokeUntil) {
		RefreshTokenStore.checkSave(tokenHash, session, expiresAt, revokeUntil);
		Instant now = this.clock.instant();
		Session added = new Session(session, device, epochNanos(now), tokenHash, epochNanos(expiresAt));
		// The token first, then the session: a purge in between finds no session without its token.
		store(tokenHash, added);
		this.sessions.put(session.sessionId(), added);
		List<Session> displaced = new ArrayList<>(0);
		// compute locks the user's entry: one user's logins are counted and trimmed one at a time,
		// so that concurrent logins never leave more than the most alive.
		this.sessionsByUser.compute(session.openid(), (openid, current) -> {
			Session[] ids = with(current, added);
			if (maxSessionsPerUser > 0) {
				List<Session> live = live(ids, session.appId(), epochNanos(now));
				if (live.size() > maxSessionsPerUser) {
					for (Session oldest : live.subList(maxSessionsPerUser, live.size())) {
						revoke(oldest.principal.sessionId(), revokeUntil, now);
						ids = without(ids, oldest);
						displaced.add(0, oldest);
					}
				}
			}
			return ids;
		});
		afterWrite();
		return displaced.stream().map((displacedSession) -> displacedSession.principal.sessionId()).toList();
	}

	@Override
	public List<WxSessionInfo> liveSessions(String appId, String openid) {
		Assert.hasText(appId, "appId must not be empty");
		Assert.hasText(openid, "openid must not be empty");
		Session[] ids = this.sessionsByUser.get(openid);
		if (ids == null) {
			return List.of();
		}
		List<WxSessionInfo> live = new ArrayList<>();
		for (Session session : live(ids, appId, epochNanos(this.clock.instant()))) {
			live.add(session.info());
		}
		return live;
	}

	/**
	 * The sessions of one app among a user's that are live at {@code now}, newest first.
	 */
	private List<Session> live(Session[] ids, String appId, long now) {
		List<Session> live = new ArrayList<>(ids.length);
		// Newest first already, so that of two created at the same instant the later one wins.
		for (int i = ids.length - 1; i >= 0; i--) {
			Session session = ids[i];
			if (session.principal.appId().equals(appId) && now < session.expiresAt()
					&& !this.revokedSessions.containsKey(session.principal.sessionId())
					&& this.tokens.containsKey(session.liveHash())) {
				live.add(session);
			}
		}
		live.sort(Comparator.comparingLong((Session session) -> session.createdAt).reversed());
		return live;
	}

	private static Session[] with(Session @Nullable [] ids, Session added) {
		if (ids == null) {
			return new Session[] { added };
		}
		Session[] more = Arrays.copyOf(ids, ids.length + 1);
		more[ids.length] = added;
		return more;
	}

	private static Session @Nullable [] without(Session[] ids, Session removed) {
		for (int i = 0; i < ids.length; i++) {
			if (ids[i] == removed) {
				if (ids.length == 1) {
					return null;
				}
				Session[] fewer = new Session[ids.length - 1];
				System.arraycopy(ids, 0, fewer, 0, i);
				System.arraycopy(ids, i + 1, fewer, i, ids.length - i - 1);
				return fewer;
			}
		}
		return ids;
	}

	@Override
	public void markUserStale(String appId, String openid, Instant before, Instant until) {
		Assert.notNull(before, "before must not be null");
		Assert.notNull(until, "until must not be null");
		this.staleUsers.merge(userKey(appId, openid), new Instant[] { before, until },
				(existing, added) -> existing[0].isAfter(added[0]) ? existing : added);
		afterWrite();
	}

	@Override
	public @Nullable Instant staleBefore(String appId, String openid) {
		// Every authenticated request asks: without any mark, no key is built.
		if (this.staleUsers.isEmpty()) {
			return null;
		}
		Instant[] mark = this.staleUsers.get(userKey(appId, openid));
		return (mark != null && this.clock.instant().isBefore(mark[1])) ? mark[0] : null;
	}

	private static String userKey(String appId, String openid) {
		return appId + ':' + openid;
	}

	/**
	 * Takes a session out of its user's list; it stays known by its id while its live token is.
	 */
	private void unindex(Session session) {
		this.sessionsByUser.computeIfPresent(session.principal.openid(), (openid, ids) -> without(ids, session));
	}

	@Override
	public RotationResult rotate(String presentedHash, String replacementHash, Instant now,
			Instant replacementExpiresAt, Instant revokeUntil) {
		RefreshTokenStore.checkRotation(presentedHash, replacementHash, now, replacementExpiresAt, revokeUntil);
		RotationResult[] result = new RotationResult[1];
		Session[] rotated = new Session[1];
		// compute locks the presented token's entry, so of two callers rotating the same token
		// exactly one sees it unspent.
		this.tokens.compute(presentedHash, (hash, stored) -> {
			if (stored == null) {
				result[0] = RotationResult.of(Outcome.UNKNOWN);
				return null;
			}
			// Revoked while the revocation is remembered at all, even past its retention: it is
			// forgotten only together with the session's live token (see purge).
			WxPrincipal principal = stored.session().principal;
			if (this.revokedSessions.containsKey(principal.sessionId())) {
				result[0] = RotationResult.revoked(principal);
				return stored;
			}
			// Expiry is checked before reuse: spent tokens are only kept until they expire, so
			// past that instant reuse could not be told apart from an unknown token anyway.
			if (epochNanos(now) >= stored.expiresAt()) {
				result[0] = RotationResult.of(Outcome.EXPIRED);
				return null;
			}
			if (stored.spent()) {
				revoke(principal.sessionId(), revokeUntil, now);
				result[0] = RotationResult.reused(principal.sessionId());
				return stored;
			}
			Session session = stored.session();
			SpentToken spent = new SpentToken(session, stored.expiresAt());
			// The session lives on with the replacement's lifetime from now on, so that a purge
			// never takes the replacement for expired.
			session.refreshed(epochNanos(now), epochNanos(replacementExpiresAt));
			rotated[0] = session;
			result[0] = RotationResult.rotated(principal);
			return spent;
		});
		Session session = rotated[0];
		if (session != null) {
			// Outside compute: a ConcurrentHashMap must not be changed from within its own compute.
			// Nobody else knows the replacement yet, so storing it a moment later is safe; and the
			// session names it only once it is stored, so a purge in between keeps the session.
			store(replacementHash, session);
			session.replacedBy(replacementHash);
		}
		afterWrite();
		return result[0];
	}

	@Override
	public void revokeSession(String sessionId, Instant until) {
		Assert.hasText(sessionId, "sessionId must not be empty");
		Assert.notNull(until, "until must not be null");
		revoke(sessionId, until, this.clock.instant());
		Session session = this.sessions.get(sessionId);
		if (session != null) {
			unindex(session);
		}
		afterWrite();
	}

	@Override
	public boolean isSessionRevoked(String sessionId) {
		return isRevoked(sessionId, this.clock.instant());
	}

	private boolean isRevoked(String sessionId, Instant now) {
		Instant until = this.revokedSessions.get(sessionId);
		return until != null && now.isBefore(until);
	}

	private void revoke(String sessionId, Instant until, Instant now) {
		Duration retention = this.revocationRetention;
		Instant remembered = (retention != null && now.plus(retention).isBefore(until)) ? now.plus(retention) : until;
		// A later revocation never shortens an earlier, longer one.
		this.revokedSessions.merge(sessionId, remembered,
				(existing, added) -> existing.isAfter(added) ? existing : added);
	}


	private void store(String tokenHash, StoredToken token) {
		this.tokens.put(tokenHash, token);
		synchronized (this.arrivals) {
			this.arrivals.add(tokenHash);
			while (this.tokens.size() > this.maxTokens) {
				String oldest = this.arrivals.poll();
				if (oldest == null) {
					break;
				}
				this.tokens.remove(oldest);
			}
		}
	}

	private void afterWrite() {
		if (this.writesSincePurge.incrementAndGet() < this.purgeInterval || !this.purging.compareAndSet(false, true)) {
			return;
		}
		try {
			purge();
		}
		finally {
			this.purging.set(false);
		}
	}

	private void purge() {
		Instant now = this.clock.instant();
		long nowNanos = epochNanos(now);
		this.tokens.values().removeIf((stored) -> nowNanos >= stored.expiresAt());
		for (Map.Entry<String, Instant> revocation : this.revokedSessions.entrySet()) {
			if (!now.isBefore(revocation.getValue())) {
				// The live token first: a rotation that finds the revocation gone finds no token.
				Session session = this.sessions.remove(revocation.getKey());
				if (session != null) {
					this.tokens.remove(session.liveHash());
					unindex(session);
				}
				this.revokedSessions.remove(revocation.getKey(), revocation.getValue());
			}
		}
		synchronized (this.arrivals) {
			this.arrivals.removeIf((hash) -> !this.tokens.containsKey(hash));
		}
		this.staleUsers.values().removeIf((mark) -> !now.isBefore(mark[1]));
		for (Session session : this.sessions.values()) {
			if (!this.tokens.containsKey(session.liveHash())) {
				this.sessions.remove(session.principal.sessionId(), session);
				unindex(session);
			}
		}
		this.writesSincePurge.set(0);
		// A sweep costs as much as the store holds, so the next one waits for as many writes:
		// purging stays amortized constant time per write however large the store grows.
		this.purgeInterval = Math.max(this.minPurgeInterval, (long) this.tokens.size() + this.revokedSessions.size());
	}

	int tokenCount() {
		return this.tokens.size();
	}

	int revokedSessionCount() {
		return this.revokedSessions.size();
	}

	@Override
	public String toString() {
		return "InMemoryRefreshTokenStore[tokens=" + this.tokens.size() + ", revokedSessions="
				+ this.revokedSessions.size() + "]";
	}

	/**
	 * Epoch nanoseconds (a {@code long} where an {@link Instant} is an object), saturated at the
	 * ends of the range (the year 2262), which no token lives to see.
	 */
	private static long epochNanos(Instant instant) {
		long seconds = instant.getEpochSecond();
		if (Math.abs(seconds) >= Long.MAX_VALUE / 1_000_000_000L) {
			return (seconds < 0) ? Long.MIN_VALUE : Long.MAX_VALUE;
		}
		return seconds * 1_000_000_000L + instant.getNano();
	}

	private static Instant instant(long epochNanos) {
		return Instant.ofEpochSecond(0, epochNanos);
	}

	/**
	 * A remembered refresh token: the session it belongs to, when it expires, and whether it was
	 * redeemed. A session is its own unspent token; a redeemed one is a {@link SpentToken}.
	 */
	private abstract static sealed class StoredToken permits Session, SpentToken {

		abstract Session session();

		abstract long expiresAt();

		abstract boolean spent();

		@Override
		public String toString() {
			return getClass().getSimpleName() + "[session=" + session().principal.sessionId() + ", expiresAt="
					+ instant(expiresAt()) + ", spent=" + spent() + "]";
		}

	}

	private static final class SpentToken extends StoredToken {

		private final Session session;

		private final long expiresAt;

		SpentToken(Session session, long expiresAt) {
			this.session = session;
			this.expiresAt = expiresAt;
		}

		@Override
		Session session() {
			return this.session;
		}

		@Override
		long expiresAt() {
			return this.expiresAt;
		}

		@Override
		boolean spent() {
			return true;
		}

	}

	/**
	 * One login session, all a login keeps here but its token: who, what the session list shows,
	 * and which token is its one unspent one, which it also stands for in the token map. Times are
	 * epoch nanoseconds.
	 */
	private static final class Session extends StoredToken {

		final WxPrincipal principal;

		final @Nullable String device;

		final long createdAt;

		private String liveHash;

		private long expiresAt;

		/** {@link Long#MIN_VALUE} until the first refresh. */
		private long refreshedAt = Long.MIN_VALUE;

		Session(WxPrincipal principal, @Nullable String device, long createdAt, String liveHash, long expiresAt) {
			this.principal = principal;
			this.device = device;
			this.createdAt = createdAt;
			this.liveHash = liveHash;
			this.expiresAt = expiresAt;
		}

		synchronized String liveHash() {
			return this.liveHash;
		}

		@Override
		Session session() {
			return this;
		}

		@Override
		synchronized long expiresAt() {
			return this.expiresAt;
		}

		@Override
		boolean spent() {
			return false;
		}

		synchronized void refreshed(long refreshedAt, long expiresAt) {
			this.refreshedAt = refreshedAt;
			this.expiresAt = expiresAt;
		}

		synchronized void replacedBy(String liveHash) {
			this.liveHash = liveHash;
		}

		synchronized WxSessionInfo info() {
			return new WxSessionInfo(this.principal.sessionId(), this.principal.appId(), this.principal.openid(),
					this.device, instant(this.createdAt),
					(this.refreshedAt != Long.MIN_VALUE) ? instant(this.refreshedAt) : null, instant(this.expiresAt));
		}

	}

}

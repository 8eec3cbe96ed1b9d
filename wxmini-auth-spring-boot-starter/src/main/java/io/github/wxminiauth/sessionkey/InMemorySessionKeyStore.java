package io.github.wxminiauth.sessionkey;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A {@link SessionKeyStore} in the memory of one process. Each session key is kept for a fixed time
 * after it was saved; expired keys are forgotten now and then, so memory stays bounded by the
 * number of users who logged in within that time.
 *
 * @since 0.1.0
 */
public final class InMemorySessionKeyStore implements SessionKeyStore {

	private static final int MIN_PURGE_INTERVAL = 1024;

	/**
	 * The session keys of each openid, one per app: by openid alone (the caller's own string, so
	 * that no key is built per login), with a second app's key chained to the first; an openid is
	 * an app's own, so a chain longer than one is rare.
	 */
	private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();

	private final Clock clock;

	private final Duration ttl;

	private final AtomicLong writesSincePurge = new AtomicLong();

	private final AtomicBoolean purging = new AtomicBoolean();

	private volatile long purgeInterval = MIN_PURGE_INTERVAL;

	/**
	 * Creates an empty store.
	 * @param clock the clock that decides when keys expire
	 * @param ttl how long a session key is kept after it was saved
	 */
	public InMemorySessionKeyStore(Clock clock, Duration ttl) {
		Assert.notNull(clock, "clock must not be null");
		Assert.isTrue(ttl != null && !ttl.isNegative() && !ttl.isZero(), "ttl must be positive");
		this.clock = clock;
		this.ttl = ttl;
	}

	@Override
	public void save(String appId, String openid, String sessionKey) {
		Assert.hasText(appId, "appId must not be empty");
		Assert.hasText(openid, "openid must not be empty");
		Assert.hasText(sessionKey, "sessionKey must not be empty");
		long expiresAt = expiry(this.clock.millis());
		this.entries.compute(openid,
				(key, others) -> new Entry(appId, sessionKey, expiresAt, Entry.without(others, appId)));
		afterWrite();
	}

	@Override
	public @Nullable String find(String appId, String openid) {
		Assert.hasText(appId, "appId must not be empty");
		Assert.hasText(openid, "openid must not be empty");
		for (Entry entry = this.entries.get(openid); entry != null; entry = entry.next()) {
			if (entry.appId().equals(appId)) {
				return (this.clock.millis() < entry.expiresAt()) ? entry.sessionKey() : null;
			}
		}
		return null;
	}

	private void afterWrite() {
		if (this.writesSincePurge.incrementAndGet() < this.purgeInterval || !this.purging.compareAndSet(false, true)) {
			return;
		}
		try {
			long now = this.clock.millis();
			for (String openid : this.entries.keySet()) {
				this.entries.computeIfPresent(openid, (key, entry) -> entry.unexpired(now));
			}
			this.writesSincePurge.set(0);
			// The next sweep waits for as many writes as the store holds: amortized constant time.
			this.purgeInterval = Math.max(MIN_PURGE_INTERVAL, this.entries.size());
		}
		finally {
			this.purging.set(false);
		}
	}

	int size() {
		int size = 0;
		for (Entry entry : this.entries.values()) {
			for (Entry app = entry; app != null; app = app.next()) {
				size++;
			}
		}
		return size;
	}

	/**
	 * Until when a key saved now is kept, in epoch milliseconds (a {@code long} where an
	 * {@link Instant} is an object); a lifetime beyond the range keeps it for good.
	 */
	private long expiry(long nowMillis) {
		try {
			return Math.addExact(nowMillis, this.ttl.toMillis());
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE;
		}
	}

	@Override
	public String toString() {
		return "InMemorySessionKeyStore[entries=" + this.entries.size() + ", ttl=" + this.ttl + "]";
	}

	/**
	 * One app's session key of an openid, until when it is kept (epoch milliseconds), and the
	 * openid's key in another app, if any.
	 */
	private record Entry(String appId, String sessionKey, long expiresAt, @Nullable Entry next) {

		static @Nullable Entry without(@Nullable Entry entry, String appId) {
			if (entry == null) {
				return null;
			}
			Entry next = without(entry.next, appId);
			if (entry.appId.equals(appId)) {
				return next;
			}
			return (next == entry.next) ? entry : new Entry(entry.appId, entry.sessionKey, entry.expiresAt, next);
		}

		@Nullable Entry unexpired(long now) {
			Entry next = (this.next != null) ? this.next.unexpired(now) : null;
			if (now >= this.expiresAt) {
				return next;
			}
			return (next == this.next) ? this : new Entry(this.appId, this.sessionKey, this.expiresAt, next);
		}

		@Override
		public String toString() {
			return "Entry[appId=" + this.appId + ", sessionKey=******, expiresAt=" + this.expiresAt + ", next="
					+ this.next + "]";
		}

	}

}

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

	private final ConcurrentMap<Key, Entry> entries = new ConcurrentHashMap<>();

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
		this.entries.put(new Key(appId, openid), new Entry(sessionKey, this.clock.instant().plus(this.ttl)));
		afterWrite();
	}

	@Override
	public @Nullable String find(String appId, String openid) {
		Assert.hasText(appId, "appId must not be empty");
		Assert.hasText(openid, "openid must not be empty");
		Entry entry = this.entries.get(new Key(appId, openid));
		return (entry != null && this.clock.instant().isBefore(entry.expiresAt())) ? entry.sessionKey() : null;
	}

	private void afterWrite() {
		if (this.writesSincePurge.incrementAndGet() < this.purgeInterval || !this.purging.compareAndSet(false, true)) {
			return;
		}
		try {
			Instant now = this.clock.instant();
			this.entries.values().removeIf((entry) -> !now.isBefore(entry.expiresAt()));
			this.writesSincePurge.set(0);
			// The next sweep waits for as many writes as the store holds: amortized constant time.
			this.purgeInterval = Math.max(MIN_PURGE_INTERVAL, this.entries.size());
		}
		finally {
			this.purging.set(false);
		}
	}

	int size() {
		return this.entries.size();
	}

	@Override
	public String toString() {
		return "InMemorySessionKeyStore[entries=" + this.entries.size() + ", ttl=" + this.ttl + "]";
	}

	private record Key(String appId, String openid) {
	}

	private record Entry(String sessionKey, Instant expiresAt) {

		@Override
		public String toString() {
			return "Entry[sessionKey=******, expiresAt=" + this.expiresAt + "]";
		}

	}

}

package io.github.wxminiauth.accesstoken;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.github.wxminiauth.wechat.WxAccessToken;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * An {@link AccessTokenCache} that keeps tokens in this process. One fetch per app runs at a time
 * within the process; with several instances, each instance fetches for itself (the stable-token
 * API hands all of them the same token, so they do not evict one another).
 *
 * @since 0.1.0
 */
public final class InMemoryAccessTokenCache implements AccessTokenCache {

	private final ConcurrentMap<String, WxAccessToken> tokens = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, Lock> renewLocks = new ConcurrentHashMap<>();

	@Override
	public @Nullable WxAccessToken get(String appId) {
		Assert.hasText(appId, "appId must not be empty");
		return this.tokens.get(appId);
	}

	@Override
	public WxAccessToken renew(String appId, Predicate<WxAccessToken> usable, Supplier<WxAccessToken> fetcher) {
		Assert.hasText(appId, "appId must not be empty");
		Assert.notNull(usable, "usable must not be null");
		Assert.notNull(fetcher, "fetcher must not be null");
		// A ReentrantLock rather than synchronized: the fetch is a blocking HTTP call, and a virtual
		// thread must not pin its carrier while it waits.
		Lock lock = this.renewLocks.computeIfAbsent(appId, (key) -> new ReentrantLock());
		lock.lock();
		try {
			WxAccessToken cached = this.tokens.get(appId);
			if (cached != null && usable.test(cached)) {
				return cached;
			}
			WxAccessToken fetched = fetcher.get();
			Assert.state(fetched != null, "fetcher must not return null");
			this.tokens.put(appId, fetched);
			return fetched;
		}
		finally {
			lock.unlock();
		}
	}

	@Override
	public boolean expireIfCurrent(String appId, String failedValue) {
		Assert.hasText(appId, "appId must not be empty");
		Assert.hasText(failedValue, "failedValue must not be empty");
		while (true) {
			WxAccessToken current = this.tokens.get(appId);
			if (current == null || !current.value().equals(failedValue)) {
				return false;
			}
			// Removes only the exact entry that was compared; if it was replaced meanwhile, look again.
			if (this.tokens.remove(appId, current)) {
				return true;
			}
		}
	}

}

package io.github.wxminiauth.accesstoken;

import java.util.function.Predicate;
import java.util.function.Supplier;

import io.github.wxminiauth.wechat.WxAccessToken;
import org.jspecify.annotations.Nullable;

/**
 * Where access tokens are kept between calls, and the scope in which only one fetch happens at a
 * time: the process for the in-memory cache, the cluster for a shared one.
 *
 * @since 0.1.0
 */
public interface AccessTokenCache {

	/**
	 * Returns the cached token of the app, which may be stale or expired, or {@code null}.
	 * @param appId the AppID
	 * @return the cached token or {@code null}
	 */
	@Nullable WxAccessToken get(String appId);

	/**
	 * Obtains a usable token. Implementations first look again at what is cached (another caller,
	 * or another instance, may just have renewed it) and return it when {@code usable} accepts it;
	 * otherwise they call {@code fetcher}, store its result and return it. At most one
	 * {@code fetcher} runs at a time within the scope of this cache.
	 * @param appId the AppID
	 * @param usable whether a cached token can be returned as it is
	 * @param fetcher fetches a new token from WeChat
	 * @return the token
	 */
	WxAccessToken renew(String appId, Predicate<WxAccessToken> usable, Supplier<WxAccessToken> fetcher);

	/**
	 * Drops the cached token only if its value is {@code failedValue}.
	 * @param appId the AppID
	 * @param failedValue the value WeChat rejected
	 * @return whether the cached token was dropped
	 */
	boolean expireIfCurrent(String appId, String failedValue);

}

package io.github.wxminiauth.accesstoken.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

import io.github.wxminiauth.accesstoken.AccessTokenCache;
import io.github.wxminiauth.accesstoken.AccessTokenFetchListener.Reason;
import io.github.wxminiauth.accesstoken.AccessTokenFetchListener;
import io.github.wxminiauth.accesstoken.AccessTokenProvider;
import io.github.wxminiauth.accesstoken.internal.AccessTokenStatus.State;
import io.github.wxminiauth.wechat.WxAccessToken;
import io.github.wxminiauth.wechat.WxApiClient;
import io.github.wxminiauth.wechat.WxApiException;
import io.github.wxminiauth.wechat.WxApp;
import io.github.wxminiauth.wechat.WxAppRegistry;
import io.github.wxminiauth.wechat.WxInvalidAccessTokenException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.log.LogMessage;
import org.springframework.util.Assert;

/**
 * An {@link AccessTokenProvider} that keeps tokens in an {@link AccessTokenCache} and fetches them
 * with the stable-token API.
 * <p>
 * A cached token is <em>fresh</em> until {@code renewBefore} ahead of its expiry, but never for less
 * than the first half of its lifetime, so a token that WeChat hands out with little time left does
 * not cause a fetch on every call. A fresh token is returned straight from the cache. A stale token
 * that is still valid is renewed by one caller while the others keep using it; if that renewal
 * fails, the stale token is used until it expires. A missing or expired token is fetched once, and
 * every concurrent caller waits for that same fetch and shares its outcome.
 * <p>
 * {@link #status(String)} tells what is known about an app's token without calling WeChat, and
 * an {@link AccessTokenFetchListener} hears about every fetch, for health and metrics.
 * <p>
 * Each app has its own token and its own single flight. The app is looked up in the
 * {@link WxAppRegistry} on every call, so an app that is no longer served gets no token, and a
 * new AppSecret is used from the next fetch. When this provider first sees an app's AppSecret
 * change, it drops the app's cached token once (in a shared cache, for every instance): a token
 * belongs to the app rather than to the secret and may well still work, but WeChat may have
 * invalidated it with the reset, and a wrong new secret should show at the next call rather
 * than when the old token expires. Each instance does this when it first sees the change, so a
 * shared cache may fetch once per instance; with the stable-token API that fetch returns the
 * same token.
 *
 * @since 0.1.0
 */
public final class CachingAccessTokenProvider implements AccessTokenProvider {

	private static final Log logger = LogFactory.getLog(CachingAccessTokenProvider.class);

	private final WxAppRegistry apps;

	private final WxApiClient client;

	private final AccessTokenCache cache;

	private final Clock clock;

	private final long renewBeforeMillis;

	private final ConcurrentMap<String, CompletableFuture<WxAccessToken>> inFlight = new ConcurrentHashMap<>();

	/**
	 * Apps whose last attempt to obtain a token failed; read by {@link #status(String)}.
	 */
	private final Set<String> failing = ConcurrentHashMap.newKeySet();

	/**
	 * Apps whose token WeChat rejected and that have not obtained one since, so that the next
	 * fetch is reported as {@link Reason#INVALIDATED} rather than {@link Reason#COLD}.
	 */
	private final Set<String> invalidated = ConcurrentHashMap.newKeySet();

	/**
	 * The AppSecret each app had when this provider last looked, to notice a new one; kept for an
	 * app that is removed too, so that one added back with another secret is noticed.
	 */
	private final ConcurrentMap<String, String> secrets = new ConcurrentHashMap<>();

	private volatile AccessTokenFetchListener fetchListener = (app, reason, success) -> {
	};

	/**
	 * Creates a provider.
	 * @param apps the configured mini programs
	 * @param client fetches tokens from WeChat
	 * @param cache where tokens are kept, and the scope of single-flight fetching
	 * @param clock the clock that decides freshness and expiry
	 * @param renewBefore how long before its expiry a token is renewed
	 */
	public CachingAccessTokenProvider(WxAppRegistry apps, WxApiClient client, AccessTokenCache cache, Clock clock,
			Duration renewBefore) {
		Assert.notNull(apps, "apps must not be null");
		Assert.notNull(client, "client must not be null");
		Assert.notNull(cache, "cache must not be null");
		Assert.notNull(clock, "clock must not be null");
		Assert.notNull(renewBefore, "renewBefore must not be null");
		Assert.isTrue(!renewBefore.isNegative(), "renewBefore must not be negative");
		this.apps = apps;
		this.client = client;
		this.cache = cache;
		this.clock = clock;
		this.renewBeforeMillis = renewBefore.toMillis();
	}

	@Override
	public WxAccessToken getAccessToken(String appId) {
		WxApp app = requireApp(appId);
		forgetTokenOfOldSecret(app);
		WxAccessToken cached = this.cache.get(appId);
		long now = this.clock.millis();
		if (cached != null && isFresh(cached, now)) {
			return cached;
		}
		if (cached != null && isValid(cached, now)) {
			return renewAhead(app, cached);
		}
		return fetch(app, this.invalidated.contains(appId) ? Reason.INVALIDATED : Reason.COLD);
	}

	/**
	 * Tells what is known about the app's token, from the cache and this provider's own record of
	 * its fetches; never calls WeChat, so it suits a health probe.
	 * @param appId the AppID of a configured app
	 * @return the status, without the token value
	 * @throws IllegalArgumentException when the app is not configured
	 */
	public AccessTokenStatus status(String appId) {
		requireApp(appId);
		WxAccessToken cached = this.cache.get(appId);
		long now = this.clock.millis();
		boolean fetching = this.inFlight.containsKey(appId);
		State state;
		if (cached != null && isValid(cached, now)) {
			state = (isFresh(cached, now) && !fetching) ? State.FRESH : State.RENEWING;
		}
		else if (this.failing.contains(appId)) {
			state = State.FAILING;
		}
		else {
			state = fetching ? State.RENEWING : State.UNKNOWN;
		}
		return new AccessTokenStatus(state, (cached != null) ? cached.expiresAt() : null);
	}

	/**
	 * Sets the listener told about every fetch from WeChat, e.g. to count them.
	 * @param fetchListener the listener
	 */
	public void setFetchListener(AccessTokenFetchListener fetchListener) {
		Assert.notNull(fetchListener, "fetchListener must not be null");
		this.fetchListener = fetchListener;
	}

	@Override
	public void expire(String appId, String failedToken) {
		requireApp(appId);
		Assert.hasText(failedToken, "failedToken must not be empty");
		if (this.cache.expireIfCurrent(appId, failedToken)) {
			this.invalidated.add(appId);
			logger.debug(LogMessage.format("Expired the rejected WeChat access token of app %s", appId));
		}
	}

	@Override
	public <T> T execute(String appId, Function<String, T> call) {
		Assert.notNull(call, "call must not be null");
		WxAccessToken token = getAccessToken(appId);
		try {
			return call.apply(token.value());
		}
		catch (WxInvalidAccessTokenException ex) {
			logger.debug(LogMessage.format("WeChat rejected the access token of app %s in %s (errcode %s), retrying once",
					appId, ex.getApi(), ex.getErrcode()));
			expire(appId, token.value());
			WxAccessToken retryToken = getAccessToken(appId);
			try {
				return call.apply(retryToken.value());
			}
			catch (WxInvalidAccessTokenException retryEx) {
				// No further retry: a loop of refetches burns the daily quota. The next call starts
				// from a new token instead of one known to be rejected.
				expire(appId, retryToken.value());
				throw retryEx;
			}
		}
	}

	private WxApp requireApp(String appId) {
		return this.apps.require(appId);
	}

	private void forgetTokenOfOldSecret(WxApp app) {
		String known = this.secrets.get(app.appId());
		if (known == null) {
			this.secrets.putIfAbsent(app.appId(), app.appSecret());
			return;
		}
		if (!known.equals(app.appSecret()) && this.secrets.replace(app.appId(), known, app.appSecret())) {
			WxAccessToken cached = this.cache.get(app.appId());
			if (cached != null && this.cache.expireIfCurrent(app.appId(), cached.value())) {
				logger.info("The AppSecret of app " + app.appId() + " changed: its cached WeChat access token is "
						+ "dropped and the next call fetches one with the new secret");
			}
		}
	}

	private WxAccessToken renewAhead(WxApp app, WxAccessToken stale) {
		CompletableFuture<WxAccessToken> flight = new CompletableFuture<>();
		if (this.inFlight.putIfAbsent(app.appId(), flight) != null) {
			// Someone is renewing already; the stale token is still accepted meanwhile.
			return stale;
		}
		try {
			return fly(app, flight, Reason.RENEWAL);
		}
		catch (WxApiException ex) {
			logger.warn("Renewing the WeChat access token of app " + app.appId() + " failed ("
					+ ex.getClass().getSimpleName() + ": " + ex.getMessage() + "); using the current token until "
					+ stale.expiresAt());
			return stale;
		}
	}

	private WxAccessToken fetch(WxApp app, Reason reason) {
		CompletableFuture<WxAccessToken> flight = new CompletableFuture<>();
		CompletableFuture<WxAccessToken> existing = this.inFlight.putIfAbsent(app.appId(), flight);
		if (existing != null) {
			return await(existing);
		}
		return fly(app, flight, reason);
	}

	private WxAccessToken fly(WxApp app, CompletableFuture<WxAccessToken> flight, Reason reason) {
		try {
			WxAccessToken token = this.cache.renew(app.appId(), (candidate) -> isFresh(candidate, this.clock.millis()),
					() -> fetchFromWeChat(app, reason));
			this.failing.remove(app.appId());
			this.invalidated.remove(app.appId());
			flight.complete(token);
			return token;
		}
		catch (Throwable ex) {
			this.failing.add(app.appId());
			// Waiters must never hang, whatever went wrong.
			flight.completeExceptionally(ex);
			throw ex;
		}
		finally {
			// Removed once done, so a failure is not remembered: the next call tries again.
			this.inFlight.remove(app.appId(), flight);
		}
	}

	private WxAccessToken fetchFromWeChat(WxApp app, Reason reason) {
		logger.debug(LogMessage.format("Fetching the WeChat access token of app %s", app.appId()));
		WxAccessToken token;
		try {
			token = this.client.fetchStableAccessToken(app);
			Assert.state(token != null, "WxApiClient returned no access token");
		}
		catch (RuntimeException ex) {
			this.fetchListener.fetched(app, reason, false);
			throw ex;
		}
		this.fetchListener.fetched(app, reason, true);
		return token;
	}

	private static WxAccessToken await(CompletableFuture<WxAccessToken> flight) {
		try {
			return flight.join();
		}
		catch (CompletionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof RuntimeException runtimeException) {
				throw runtimeException;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw ex;
		}
	}

	private boolean isFresh(WxAccessToken token, long now) {
		long expiresAt = token.expiresAt().toEpochMilli();
		long lifetime = Math.max(0, expiresAt - token.obtainedAt().toEpochMilli());
		long renewAhead = Math.min(this.renewBeforeMillis, lifetime / 2);
		return now < expiresAt - renewAhead;
	}

	private static boolean isValid(WxAccessToken token, long now) {
		return now < token.expiresAt().toEpochMilli();
	}

}

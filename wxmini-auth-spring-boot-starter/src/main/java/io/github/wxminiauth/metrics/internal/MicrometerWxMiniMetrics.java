package io.github.wxminiauth.metrics.internal;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.github.wxminiauth.accesstoken.AccessTokenFetchListener;
import io.github.wxminiauth.event.WxSessionRevokedEvent;
import io.github.wxminiauth.metrics.WxMiniMetrics;
import io.github.wxminiauth.metrics.WxMiniMetrics.RateLimitKey;
import io.github.wxminiauth.metrics.WxMiniMetrics.RateLimitedEndpoint;
import io.github.wxminiauth.security.WxAuthErrors;
import io.github.wxminiauth.token.RotationResult;
import io.github.wxminiauth.wechat.WxApiClient;
import io.github.wxminiauth.wechat.WxApiException;
import io.github.wxminiauth.wechat.WxApp;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * {@link WxMiniMetrics} on a Micrometer {@link MeterRegistry}. Every tag has a small, fixed set of
 * values (never an openid, code, token, address or URL), and meters are built once per tag
 * combination and then looked up without building strings, so recording stays cheap.
 * <p>
 * Meters:
 * <ul>
 * <li>{@value #LOGINS} (counter): {@code outcome} = {@code success} or the contract's
 * {@code error} code, {@code new_user} = {@code true}/{@code false}</li>
 * <li>{@value #WECHAT_CALLS} (timer: its count is the number of calls, its time their latency,
 * busy retries included): {@code api}, {@code outcome} = {@code success}, {@code invalid_code},
 * {@code user_blocked}, {@code rate_limited}, {@code misconfigured}, {@code invalid_access_token},
 * {@code unavailable} or {@code error}, {@code errcode} = {@code 0} for a success, else WeChat's
 * errcode when it is one the starter knows, {@code other} for any other, {@code none} when the
 * failure carries none (timeouts, HTTP errors, unreadable replies)</li>
 * <li>{@value #ACCESS_TOKEN_FETCHES} (counter): {@code app} = the app's configuration name,
 * {@code outcome} = {@code success}/{@code failure}, {@code reason} = {@code cold},
 * {@code renewal} or {@code invalidated}</li>
 * <li>{@value #REFRESH_TOKEN_ROTATIONS} (counter): {@code outcome} = {@code rotated},
 * {@code unknown}, {@code expired}, {@code reused} or {@code revoked}</li>
 * <li>{@value #RATE_LIMIT_REJECTIONS} (counter): {@code endpoint} = {@code login}, {@code phone},
 * {@code refresh} or {@code other}, {@code key} = {@code ip}, {@code user} or {@code other}</li>
 * </ul>
 *
 * @since 0.1.0
 */
public final class MicrometerWxMiniMetrics implements WxMiniMetrics {

	/** Logins by outcome. */
	public static final String LOGINS = "wxmini.logins";

	/** WeChat API calls and their latency. */
	public static final String WECHAT_CALLS = "wxmini.wechat.calls";

	/** Access-token fetches from WeChat. */
	public static final String ACCESS_TOKEN_FETCHES = "wxmini.access-token.fetches";

	/** Refresh-token rotations, reuse detections included. */
	public static final String REFRESH_TOKEN_ROTATIONS = "wxmini.refresh-token.rotations";

	/** Requests refused by a local rate limit. */
	public static final String RATE_LIMIT_REJECTIONS = "wxmini.rate-limit.rejections";

	/** Counter of revoked sessions, tagged {@code reason}. */
	public static final String SESSIONS_REVOKED = "wxmini.sessions.revoked";

	static final String OTHER = "other";

	private static final String SUCCESS_ERRCODE = "0";

	private static final String NO_ERRCODE = "none";

	private static final Set<String> LOGIN_OUTCOMES = Set.of(OUTCOME_SUCCESS, WxAuthErrors.INVALID_REQUEST,
			WxAuthErrors.INVALID_CODE, WxAuthErrors.USER_BLOCKED, WxAuthErrors.RATE_LIMITED,
			WxAuthErrors.WECHAT_UNAVAILABLE, WxAuthErrors.SERVER_MISCONFIGURED, WxAuthErrors.TEMPORARILY_UNAVAILABLE,
			WxAuthErrors.UNAUTHORIZED, WxAuthErrors.INVALID_TOKEN, WxAuthErrors.INVALID_GRANT,
			WxAuthErrors.ACCESS_DENIED);

	/**
	 * The errcodes the starter gives a meaning (see the WeChat client), as tag values; any other
	 * is tagged {@code other}, so an unexpected errcode cannot grow the number of series.
	 */
	private static final Map<Integer, String> ERRCODES = errcodeTags(-1, 40001, 40002, 40013, 40014, 40029,
			40125, 40163, 40164, 40226, 41002, 41004, 41008, 42001, 43002, 45009, 45011);

	private final MeterRegistry registry;

	private final ConcurrentMap<String, Counter> logins = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, Counter> newUserLogins = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, FetchCounters> fetches = new ConcurrentHashMap<>();

	private final Map<RotationResult.Outcome, Counter> rotations = new EnumMap<>(RotationResult.Outcome.class);

	/** The rejection counters, by endpoint and key, registered as they are first needed. */
	private final AtomicReferenceArray<@Nullable Counter> rejections = new AtomicReferenceArray<>(
			RateLimitedEndpoint.values().length * RateLimitKey.values().length);

	private final Map<WxSessionRevokedEvent.Reason, Counter> revocations = new EnumMap<>(
			WxSessionRevokedEvent.Reason.class);

	/**
	 * Creates the metrics; meters are registered as they are first needed, except the five
	 * refresh-token outcomes, which are registered at once.
	 * @param registry the registry
	 */
	public MicrometerWxMiniMetrics(MeterRegistry registry) {
		Assert.notNull(registry, "registry must not be null");
		this.registry = registry;
		for (RotationResult.Outcome outcome : RotationResult.Outcome.values()) {
			this.rotations.put(outcome, Counter.builder(REFRESH_TOKEN_ROTATIONS)
				.description("Refresh tokens presented, by what their rotation did (reused = theft detected)")
				.tag("outcome", lowerCase(outcome))
				.register(registry));
		}
		for (WxSessionRevokedEvent.Reason reason : WxSessionRevokedEvent.Reason.values()) {
			this.revocations.put(reason, Counter.builder(SESSIONS_REVOKED)
				.description("Login sessions revoked, by why")
				.tag("reason", reason.name().toLowerCase(Locale.ROOT))
				.register(registry));
		}
	}

	/**
	 * Wraps a WeChat client so that each of its calls is recorded in {@value #WECHAT_CALLS}.
	 * @param client the client
	 * @return the recording client; it closes the given client when closed
	 */
	public WxApiClient instrument(WxApiClient client) {
		Assert.notNull(client, "client must not be null");
		return new MeteredWxApiClient(client, this);
	}

	@Override
	public void login(String outcome, boolean newUser) {
		String tag = LOGIN_OUTCOMES.contains(outcome) ? outcome : OTHER;
		ConcurrentMap<String, Counter> counters = newUser ? this.newUserLogins : this.logins;
		Counter counter = counters.get(tag);
		if (counter == null) {
			counter = counters.computeIfAbsent(tag, (key) -> Counter.builder(LOGINS)
				.description("Logins by outcome: success or the error code answered")
				.tag("outcome", key)
				.tag("new_user", Boolean.toString(newUser))
				.register(this.registry));
		}
		counter.increment();
	}

	@Override
	public void accessTokenFetched(WxApp app, AccessTokenFetchListener.Reason reason, boolean success) {
		FetchCounters counters = this.fetches.get(app.name());
		if (counters == null) {
			counters = this.fetches.computeIfAbsent(app.name(), (name) -> new FetchCounters(name, this.registry));
		}
		counters.get(reason, success).increment();
	}

	@Override
	public void refreshTokenRotated(RotationResult.Outcome outcome) {
		this.rotations.get(outcome).increment();
	}

	@Override
	public void sessionRevoked(WxSessionRevokedEvent.Reason reason) {
		this.revocations.get(reason).increment();
	}

	@Override
	public void rateLimited(RateLimitedEndpoint endpoint, RateLimitKey key) {
		int index = endpoint.ordinal() * RateLimitKey.values().length + key.ordinal();
		Counter counter = this.rejections.get(index);
		if (counter == null) {
			// Registering the same meter again answers the one registered: a race costs a lookup.
			counter = Counter.builder(RATE_LIMIT_REJECTIONS)
				.description("Requests refused by a local rate limit")
				.tag("endpoint", lowerCase(endpoint))
				.tag("key", lowerCase(key))
				.register(this.registry);
			this.rejections.set(index, counter);
		}
		counter.increment();
	}

	long monotonicTime() {
		return this.registry.config().clock().monotonicTime();
	}

	WechatCallTimers wechatCallTimers(String api) {
		return new WechatCallTimers(api, this.registry);
	}

	private static String lowerCase(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

	private static Map<Integer, String> errcodeTags(int... errcodes) {
		Map<Integer, String> tags = new HashMap<>();
		for (int errcode : errcodes) {
			tags.put(errcode, Integer.toString(errcode));
		}
		return Map.copyOf(tags);
	}

	/**
	 * The six fetch counters of one app: every reason, succeeded or failed.
	 */
	private static final class FetchCounters {

		private final Counter[] counters;

		FetchCounters(String app, MeterRegistry registry) {
			AccessTokenFetchListener.Reason[] reasons = AccessTokenFetchListener.Reason.values();
			this.counters = new Counter[reasons.length * 2];
			for (AccessTokenFetchListener.Reason reason : reasons) {
				for (boolean success : List.of(true, false)) {
					this.counters[index(reason, success)] = Counter.builder(ACCESS_TOKEN_FETCHES)
						.description("WeChat access-token fetches, by why they were needed")
						.tag("app", app)
						.tag("outcome", success ? "success" : "failure")
						.tag("reason", lowerCase(reason))
						.register(registry);
				}
			}
		}

		Counter get(AccessTokenFetchListener.Reason reason, boolean success) {
			return this.counters[index(reason, success)];
		}

		private static int index(AccessTokenFetchListener.Reason reason, boolean success) {
			return reason.ordinal() * 2 + (success ? 0 : 1);
		}

	}

	/**
	 * The call timers of one WeChat API, by outcome and errcode.
	 */
	static final class WechatCallTimers {

		private final String api;

		private final MeterRegistry registry;

		private final ConcurrentMap<String, ConcurrentMap<String, Timer>> timers = new ConcurrentHashMap<>();

		WechatCallTimers(String api, MeterRegistry registry) {
			this.api = api;
			this.registry = registry;
		}

		void record(@Nullable RuntimeException failure, long durationNanos) {
			String outcome = outcome(failure);
			String errcodeTag = (failure != null) ? errcodeTag(failure) : SUCCESS_ERRCODE;
			timer(outcome, errcodeTag).record(durationNanos, TimeUnit.NANOSECONDS);
		}

		private Timer timer(String outcome, String errcode) {
			ConcurrentMap<String, Timer> byErrcode = this.timers.get(outcome);
			if (byErrcode == null) {
				byErrcode = this.timers.computeIfAbsent(outcome, (key) -> new ConcurrentHashMap<>());
			}
			Timer timer = byErrcode.get(errcode);
			if (timer == null) {
				timer = byErrcode.computeIfAbsent(errcode, (key) -> Timer.builder(WECHAT_CALLS)
					.description("WeChat API calls and their latency, busy retries included")
					.tag("api", this.api)
					.tag("outcome", outcome)
					.tag("errcode", key)
					.register(this.registry));
			}
			return timer;
		}

		private static String errcodeTag(RuntimeException failure) {
			Integer errcode = (failure instanceof WxApiException wx) ? wx.getErrcode() : null;
			return (errcode != null) ? ERRCODES.getOrDefault(errcode, OTHER) : NO_ERRCODE;
		}

		private static String outcome(@Nullable RuntimeException failure) {
			if (failure == null) {
				return OUTCOME_SUCCESS;
			}
			if (!(failure instanceof WxApiException wx)) {
				return "error";
			}
			return switch (wx.getKind()) {
				case INVALID_CODE -> "invalid_code";
				case USER_BLOCKED -> "user_blocked";
				case RATE_LIMITED -> "rate_limited";
				case MISCONFIGURED -> "misconfigured";
				case INVALID_ACCESS_TOKEN -> "invalid_access_token";
				case UNAVAILABLE -> "unavailable";
				case INVALID_SIGNATURE -> "error";
			};
		}

	}

}
